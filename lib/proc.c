// SPDX-License-Identifier: GPL-2.0
/* Small file and /proc helpers. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <time.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "nsc.h"

ssize_t nsc_read_file(const char *path, char *buf, size_t len)
{
	ssize_t n, off = 0;
	int fd, saved;

	if (len == 0) {
		errno = EINVAL;
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while ((size_t)off < len - 1) {
		n = read(fd, buf + off, len - 1 - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		if (n == 0)
			break;
		off += n;
	}
	buf[off] = '\0';
	close(fd);
	return off;
}

/* One write(2) of buf to fd, which it closes: 0, or -1 with errno from
 * write (EIO for a short write). */
static int write_once(int fd, const char *buf)
{
	size_t len = strlen(buf);
	ssize_t n;
	int saved;

	if (fd < 0)
		return -1;
	n = write(fd, buf, len);
	saved = errno;
	close(fd);
	if (n < 0) {
		errno = saved;
		return -1;
	}
	if ((size_t)n != len) {
		errno = EIO;
		return -1;
	}
	return 0;
}

int nsc_write_file(const char *path, const char *buf)
{
	return write_once(open(path, O_WRONLY | O_CLOEXEC), buf);
}

const char *nsc_proc_path(char *buf, size_t len, pid_t pid, const char *name)
{
	if (pid > 0)
		snprintf(buf, len, "/proc/%d/%s", (int)pid, name);
	else
		snprintf(buf, len, "/proc/self/%s", name);
	return buf;
}

int nsc_read_long(const char *path, long *val)
{
	char buf[64], *end;

	if (nsc_read_file(path, buf, sizeof(buf)) < 0)
		return -1;
	errno = 0;
	*val = strtol(buf, &end, 10);
	if (errno || end == buf) {
		errno = errno ? errno : EINVAL;
		return -1;
	}
	return 0;
}

int nsc_write_long(const char *path, long val)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", val);
	return nsc_write_file(path, buf);
}

int nsc_read_line(const char *path, char *buf, size_t len)
{
	char *nl;

	if (nsc_read_file(path, buf, len) < 0)
		return -1;
	nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	return 0;
}

int nsc_status_field(pid_t pid, const char *key, char *buf, size_t len)
{
	char path[64], line[512];
	size_t klen = strlen(key);
	FILE *f;
	int ret = -1;

	f = fopen(nsc_proc_path(path, sizeof(path), pid, "status"), "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *v;

		if (strncmp(line, key, klen) || line[klen] != ':')
			continue;
		v = line + klen + 1;
		while (isspace((unsigned char)*v))
			v++;
		v[strcspn(v, "\n")] = '\0';
		snprintf(buf, len, "%s", v);
		ret = 0;
		break;
	}
	fclose(f);
	if (ret)
		errno = ENOENT;
	return ret;
}

int nsc_count_pids(const char *procdir)
{
	struct dirent *de;
	int n = 0;
	DIR *d;

	d = opendir(procdir);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		const char *p = de->d_name;

		while (*p && isdigit((unsigned char)*p))
			p++;
		if (!*p && de->d_name[0])
			n++;
	}
	closedir(d);
	return n;
}

int nsc_die_with_parent(pid_t ppid)
{
	pid_t pp;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	pp = getppid();
	return pp != 0 && pp != ppid ? -1 : 0;
}

int nsc_wait_single_threaded(int timeout_ms)
{
	struct timespec now, end;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += timeout_ms / 1000;
	end.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	for (;;) {
		/* no event tells a thread's final release before pidfd
		 * PIDFD_THREAD (6.9); the window is a few microseconds */
		if (nsc_count_pids("/proc/self/task") == 1)
			return 0;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > end.tv_sec ||
		    (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec)) {
			errno = ETIMEDOUT;
			return -1;
		}
		sched_yield();
	}
}

int nsc_sysctl_save(struct nsc_sysctl *s, const char *path)
{
	s->saved = false;
	snprintf(s->path, sizeof(s->path), "%s", path);
	if (nsc_read_file(path, s->value, sizeof(s->value)) < 0)
		return -1;
	s->saved = true;
	return 0;
}

int nsc_sysctl_restore(struct nsc_sysctl *s)
{
	if (!s->saved)
		return 0;
	s->saved = false;
	return nsc_write_file(s->path, s->value);
}

bool nsc_kernel_at_least(int major, int minor)
{
	struct utsname u;
	int ma = 0, mi = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &ma, &mi) != 2)
		return false;
	return ma > major || (ma == major && mi >= minor);
}

const char *nsc_uniq(char *buf, size_t len, const char *prefix)
{
	static unsigned int counter;

	snprintf(buf, len, "%s%d-%u", prefix, (int)getpid(), counter++);
	return buf;
}

int nsc_key_vals(const char *path, const char *key, long *vals, int max)
{
	char buf[4096], pat[64], *p, *end;
	int n = 0;

	if (nsc_read_file(path, buf, sizeof(buf)) < 0)
		return -1;
	snprintf(pat, sizeof(pat), "\n%s:", key);
	if (!strncmp(buf, pat + 1, strlen(pat + 1)))
		p = buf + strlen(pat + 1);
	else if ((p = strstr(buf, pat)))
		p += strlen(pat);
	else {
		errno = ENOENT;
		return -1;
	}
	while (n < max) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\n' || !*p)
			break;
		vals[n] = strtol(p, &end, 10);
		if (end == p)
			break;
		n++;
		p = end;
	}
	return n;
}

int nsc_pidfd_exited(int pidfd, int timeout_ms)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };
	int r;

	do {
		r = poll(&p, 1, timeout_ms);
	} while (r < 0 && errno == EINTR);
	if (r < 0)
		return -1;
	return r > 0 && (p.revents & POLLIN);
}

int nsc_put_file(const char *path, const char *text)
{
	return write_once(open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			       0644), text);
}

int nsc_touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0)
		return -1;
	return close(fd);
}

int nsc_helper_path(const char *name, char *buf, size_t len)
{
	char exe[512], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n < 0)
		return -1;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	snprintf(buf, len, "%s/%s", exe, name);
	return access(buf, X_OK);
}

int nsc_proc_stat(pid_t pid, char *state, pid_t *ppid)
{
	char path[64], buf[512], *rp;
	int pp;

	if (nsc_read_file(nsc_proc_path(path, sizeof(path), pid, "stat"), buf,
			  sizeof(buf)) <= 0)
		return -1;
	/* the command name may hold spaces and parentheses: the fields
	 * start after the last ')' */
	rp = strrchr(buf, ')');
	if (!rp || sscanf(rp + 1, " %c %d", state, &pp) != 2)
		return -1;
	*ppid = pp;
	return 0;
}
