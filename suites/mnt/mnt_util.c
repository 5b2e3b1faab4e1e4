// SPDX-License-Identifier: GPL-2.0
/* The helpers mnt_util.h declares, compiled once for the suite's programs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "mnt_util.h"

struct mnt_look {
	const char *path;
	int lines;
	bool found;
};

int mnt_at(pid_t pid, const char *path, struct nsc_mountinfo *m)
{
	return nsc_mountinfo_find(pid, path, m);
}

static int mnt_look_cb(const struct nsc_mountinfo *m, void *arg)
{
	struct mnt_look *l = arg;

	l->lines++;
	if (!strcmp(m->mnt_point, l->path))
		l->found = true;
	return 0;
}

/*
 * Whether path is a mount point in PID's mount ns (0 = self): 1 yes, 0 no,
 * -1 when that cannot be told: mountinfo unreadable, or empty (every
 * mount ns has a root; a process that has exited shows none).
 */
static int mnt_state(pid_t pid, const char *path)
{
	struct mnt_look l = { path, 0, false };

	if (nsc_mountinfo_each(pid, mnt_look_cb, &l) < 0)
		return -1;
	if (!l.lines) {
		errno = ENODATA;
		return -1;
	}
	return l.found;
}

bool mnt_present(pid_t pid, const char *path)
{
	return mnt_state(pid, path) == 1;
}

bool mnt_absent(pid_t pid, const char *path)
{
	return mnt_state(pid, path) == 0;
}

int mnt_tag_at(pid_t pid, const char *path, const char *tag)
{
	struct nsc_mountinfo m;

	if (mnt_at(pid, path, &m))
		return -1;
	return nsc_mnt_tag(&m, tag);
}

const char *mnt_opt_at(pid_t pid, const char *path, char *buf, size_t len)
{
	struct nsc_mountinfo m;

	if (mnt_at(pid, path, &m))
		snprintf(buf, len, "?");
	else
		snprintf(buf, len, "%s", m.optional);
	return buf;
}

int mk_dir(const char *path)
{
	return mkdir(path, 0755) && errno != EEXIST ? -1 : 0;
}

int mk_tmpfs(const char *path, const char *src)
{
	if (mk_dir(path))
		return -1;
	return mount(src, path, "tmpfs", 0, "mode=0755");
}

int mk_bind(const char *from, const char *to, bool rec)
{
	if (mk_dir(to))
		return -1;
	return mount(from, to, NULL, MS_BIND | (rec ? MS_REC : 0), NULL);
}

int set_prop(const char *path, unsigned long type)
{
	return mount(NULL, path, NULL, type, NULL);
}

const char *get_file(const char *path, char *buf, size_t len)
{
	if (nsc_read_file(path, buf, len) < 0)
		buf[0] = '\0';
	return buf;
}

dev_t dev_of(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : st.st_dev;
}

int mnt_sandbox(void)
{
	return nsc_sandbox_tmpfs(SANDBOX);
}

int mk_ext4_loop(const char *img, char *dev, size_t len, const char **why)
{
	struct loop_config cfg;
	struct nsc_run r;
	int ctl, nr, fd, lfd, saved;

	*why = nsc_need_tool("mkfs.ext4");
	if (*why)
		return -1;
	if (access("/dev/loop-control", R_OK | W_OK)) {
		*why = "no usable /dev/loop-control";
		return -1;
	}
	fd = open(img, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	if (ftruncate(fd, 4 << 20) ||
	    nsc_run_rc(&r, "mkfs.ext4", "-q", "-F", "-O", "^has_journal",
		       img, NULL) != 0) {
		close(fd);
		errno = EIO;
		return -1;
	}
	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0) {
		close(fd);
		return -1;
	}
	nr = ioctl(ctl, LOOP_CTL_GET_FREE);
	close(ctl);
	if (nr < 0) {
		close(fd);
		return -1;
	}
	snprintf(dev, len, "/dev/loop%d", nr);
	lfd = open(dev, O_RDWR | O_CLOEXEC);
	if (lfd < 0) {
		saved = errno;
		close(fd);
		if (saved == ENOENT) {
			*why = "loop device node missing in /dev";
			return -1;
		}
		errno = saved;
		return -1;
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.fd = fd;
	cfg.info.lo_flags = LO_FLAGS_AUTOCLEAR;
	if (ioctl(lfd, LOOP_CONFIGURE, &cfg)) {
		saved = errno;
		close(fd);
		close(lfd);
		errno = saved;
		return -1;
	}
	close(fd);
	return lfd;
}
