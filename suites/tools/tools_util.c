// SPDX-License-Identifier: GPL-2.0
/* The helpers tools_util.h declares, compiled once for the suite's programs. */
#include "tools_util.h"

int tproc_spawn(struct tproc *p, char *const argv[])
{
	int pin[2], pout[2], fds[3], saved;
	char path[512];

	if (!nsc_tool_path(argv[0], path, sizeof(path))) {
		errno = ENOENT;
		return -1;
	}
	if (pipe2(pin, O_CLOEXEC))
		return -1;
	if (pipe2(pout, O_CLOEXEC)) {
		close(pin[0]);
		close(pin[1]);
		return -1;
	}
	fds[0] = pin[0];
	fds[1] = pout[1];
	fds[2] = open("/dev/null", O_WRONLY | O_CLOEXEC);
	p->pid = nsc_spawn(path, argv, fds, NSC_SPAWN_PDEATHSIG);
	saved = errno;
	close(pin[0]);
	close(pout[1]);
	if (fds[2] >= 0)
		close(fds[2]);
	if (p->pid < 0) {
		close(pin[1]);
		close(pout[0]);
		errno = saved;
		return -1;
	}
	p->in = pin[1];
	p->out = pout[0];
	p->pidfd = nsc_pidfd_open(p->pid, 0);
	return p->pidfd < 0 ? -1 : 0;
}

/* Waits (bounded) until the tool's stdout is readable: 0, or -1 with
 * ETIMEDOUT or poll's errno. */
static int tproc_readable(struct tproc *p, int timeout_ms)
{
	struct pollfd pfd = { p->out, POLLIN, 0 };
	int r;

	do {
		r = poll(&pfd, 1, timeout_ms);
	} while (r < 0 && errno == EINTR);
	if (r == 0)
		errno = ETIMEDOUT;
	return r > 0 ? 0 : -1;
}

int tproc_readline(struct tproc *p, char *buf, size_t len, int timeout_ms)
{
	size_t o = 0;

	while (o + 1 < len) {
		char c;
		ssize_t n;

		if (tproc_readable(p, timeout_ms))
			return -1;
		n = read(p->out, &c, 1);
		if (n == 0)
			errno = EPIPE;
		if (n <= 0)
			return -1;
		if (c == '\n')
			break;
		buf[o++] = c;
	}
	buf[o] = '\0';
	return 0;
}


int tproc_wait(struct tproc *p, int timeout_ms)
{
	struct pollfd pfd = { p->pidfd, POLLIN, 0 };
	int status;

	if (p->pid <= 0) {
		errno = ECHILD;
		return -1;
	}
	if (poll(&pfd, 1, timeout_ms) != 1) {
		errno = ETIMEDOUT;
		return -1;
	}
	if (waitpid(p->pid, &status, 0) != p->pid)
		return -1;
	p->pid = -1;
	return status;
}

void tproc_kill(struct tproc *p)
{
	if (p->pid > 0) {
		if (p->pidfd >= 0)
			nsc_pidfd_send_signal(p->pidfd, SIGKILL, NULL, 0);
		else
			kill(p->pid, SIGKILL);
		waitpid(p->pid, NULL, 0);
		p->pid = -1;
	}
	if (p->pidfd >= 0)
		close(p->pidfd);
	if (p->in >= 0)
		close(p->in);
	if (p->out >= 0)
		close(p->out);
	p->pidfd = p->in = p->out = -EBADF;
}

/* PPid of pid from /proc/PID/stat, or -1. */
static pid_t proc_ppid(pid_t pid)
{
	char path[64], buf[512], *p;
	int ppid;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (nsc_read_file(path, buf, sizeof(buf)) <= 0)
		return -1;
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %*c %d", &ppid) != 1)
		return -1;
	return ppid;
}

pid_t proc_child_of(pid_t ppid)
{
	struct dirent *d;
	pid_t found = -1;
	DIR *dir = opendir("/proc");

	if (!dir)
		return -1;
	while ((d = readdir(dir))) {
		pid_t pid = (pid_t)atoi(d->d_name);

		if (pid > 0 && proc_ppid(pid) == ppid &&
		    (found < 0 || pid < found))
			found = pid;
	}
	closedir(dir);
	if (found < 0)
		errno = ESRCH;
	return found;
}

int ns_link(pid_t pid, const char *link, char *buf, size_t len)
{
	char path[64], name[32];
	ssize_t n;

	snprintf(name, sizeof(name), "ns/%s", link);
	n = readlink(nsc_proc_path(path, sizeof(path), pid, name), buf, len - 1);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

int nth_line(const char *text, int idx, char *buf, size_t len)
{
	const char *p = text;

	for (int i = 0; i < idx; i++) {
		p = strchr(p, '\n');
		if (!p)
			return -1;
		p++;
	}
	if (!*p)
		return -1;
	snprintf(buf, len, "%.*s", (int)strcspn(p, "\n"), p);
	return 0;
}

int count_lines_eq(const char *text, const char *line)
{
	size_t l = strlen(line);
	const char *p = text;
	int n = 0;

	while (*p) {
		size_t e = strcspn(p, "\n");

		if (e == l && !strncmp(p, line, l))
			n++;
		p += e;
		if (*p)
			p++;
	}
	return n;
}

int count_lines(const char *text)
{
	int n = 0;

	for (const char *p = text; *p; p++)
		if (*p == '\n')
			n++;
	if (*text && text[strlen(text) - 1] != '\n')
		n++;
	return n;
}

int tproc_spawn_cat(struct tproc *p, char *const argv[])
{
	const char *m = getenv("NSC_TIMEOUT_MULT");
	double mult = m && atof(m) > 1.0 ? atof(m) : 1.0;
	char line[16];

	if (tproc_spawn(p, argv))
		return -1;
	if (write(p->in, "nsc\n", 4) != 4)
		return -1;
	/* 5 s, scaled like every test timeout (x5 under QEMU TCG, where a
	 * loaded host took longer to start unshare -Urmpf --mount-proc) */
	if (tproc_readline(p, line, sizeof(line), (int)(5000 * mult)))
		return -1;
	if (strcmp(line, "nsc")) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}
