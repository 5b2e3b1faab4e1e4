/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the mount-namespace suite. Candidates for lib/mnt.c:
 * mountinfo look-ups by path, tmpfs/bind shorthands, a loop-backed ext4
 * image made at test time.
 */
#ifndef NSC_MNT_UTIL_H
#define NSC_MNT_UTIL_H

#include <linux/loop.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include "nsc_harness.h"

#ifndef TMPFS_MAGIC
#define TMPFS_MAGIC 0x01021994
#endif
#ifndef LOOP_CONFIGURE
#define LOOP_CONFIGURE 0x4C0A
#endif

/* Every test builds its mounts under this tmpfs, in a private mount ns. */
#define SANDBOX "/tmp"

/* Topmost mount at path in PID's mountinfo (0 = self); 0 or -1. */
static inline int mnt_at(pid_t pid, const char *path, struct nsc_mountinfo *m)
{
	return nsc_mountinfo_find(pid, path, m);
}

struct mnt_look {
	const char *path;
	int lines;
	bool found;
};

static inline int mnt_look_cb(const struct nsc_mountinfo *m, void *arg)
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
static inline int mnt_state(pid_t pid, const char *path)
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

/* Both fail closed: false when mountinfo cannot be read. */
static inline bool mnt_present(pid_t pid, const char *path)
{
	return mnt_state(pid, path) == 1;
}

static inline bool mnt_absent(pid_t pid, const char *path)
{
	return mnt_state(pid, path) == 0;
}

/* TAG:N of the mount at path ("shared", "master", "propagate_from"):
 * N, 0 when absent, -1 when path is not a mount point. */
static inline int mnt_tag_at(pid_t pid, const char *path, const char *tag)
{
	struct nsc_mountinfo m;

	if (mnt_at(pid, path, &m))
		return -1;
	return nsc_mnt_tag(&m, tag);
}

/* Optional fields of the mount at path, "?" when not a mount point. */
static inline const char *mnt_opt_at(pid_t pid, const char *path,
				     char *buf, size_t len)
{
	struct nsc_mountinfo m;

	if (mnt_at(pid, path, &m))
		snprintf(buf, len, "?");
	else
		snprintf(buf, len, "%s", m.optional);
	return buf;
}

static inline int mk_dir(const char *path)
{
	return mkdir(path, 0755) && errno != EEXIST ? -1 : 0;
}

/* mkdir + tmpfs named src at path. */
static inline int mk_tmpfs(const char *path, const char *src)
{
	if (mk_dir(path))
		return -1;
	return mount(src, path, "tmpfs", 0, "mode=0755");
}

static inline int mk_bind(const char *from, const char *to, bool rec)
{
	if (mk_dir(to))
		return -1;
	return mount(from, to, NULL, MS_BIND | (rec ? MS_REC : 0), NULL);
}

static inline int set_prop(const char *path, unsigned long type)
{
	return mount(NULL, path, NULL, type, NULL);
}

/* Reads a small file into buf; "" on error. */
static inline const char *get_file(const char *path, char *buf, size_t len)
{
	if (nsc_read_file(path, buf, len) < 0)
		buf[0] = '\0';
	return buf;
}

/* st_dev of path, 0 on error. */
static inline dev_t dev_of(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : st.st_dev;
}

/* Private mount ns with a fresh tmpfs over SANDBOX. */
static inline int mnt_sandbox(void)
{
	return nsc_sandbox_tmpfs(SANDBOX);
}

/*
 * A few-MiB ext4 image at img, attached to a free loop device with
 * autoclear (the device frees itself once the last mount of it goes).
 * Returns the loop fd and fills dev, or -1: *why says why when the cause is
 * a missing tool or device (SKIP), else errno is set (FAIL).
 */
static inline int mk_ext4_loop(const char *img, char *dev, size_t len,
			       const char **why)
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


/* ---- uapi pieces newer than the 6.1 headers (new mount API, 6.8+) ---- */
#ifndef LSMT_ROOT
#define LSMT_ROOT 0xffffffffffffffffULL
#endif
#ifndef STATMOUNT_SB_BASIC
#define STATMOUNT_SB_BASIC	0x00000001U
#define STATMOUNT_MNT_BASIC	0x00000002U
#endif
#ifndef STATMOUNT_MNT_POINT
#define STATMOUNT_MNT_POINT	0x00000010U
#endif
#ifndef STATMOUNT_FS_TYPE
#define STATMOUNT_FS_TYPE	0x00000020U
#endif
#ifndef STATMOUNT_MNT_NS_ID
#define STATMOUNT_MNT_NS_ID	0x00000040U
#endif
#ifndef STATMOUNT_BY_FD		/* statmount() flag, 7.0 */
#define STATMOUNT_BY_FD		0x00000001U
#endif
#ifndef STATX_MNT_ID_UNIQUE	/* 6.8 */
#define STATX_MNT_ID_UNIQUE	0x00004000U
#endif
#ifndef OPEN_TREE_NAMESPACE	/* open_tree() flag */
#define OPEN_TREE_NAMESPACE	(1 << 1)
#endif
#ifndef FSMOUNT_NAMESPACE	/* fsmount() flag */
#define FSMOUNT_NAMESPACE	0x00000002
#endif
#ifndef UNSHARE_EMPTY_MNTNS	/* unshare() flag */
#define UNSHARE_EMPTY_MNTNS	0x00100000
#endif
#ifndef CLONE_EMPTY_MNTNS	/* clone3() flag */
#define CLONE_EMPTY_MNTNS	(1ULL << 37)
#endif
#ifndef FAN_REPORT_MNT		/* fanotify mount events, 6.14 */
#define FAN_REPORT_MNT		0x00004000
#endif
#ifndef FAN_MARK_MNTNS
#define FAN_MARK_MNTNS		0x00000110
#endif
#ifndef FAN_MNT_ATTACH
#define FAN_MNT_ATTACH		0x01000000ULL
#define FAN_MNT_DETACH		0x02000000ULL
#endif
#ifndef FAN_EVENT_INFO_TYPE_MNT
#define FAN_EVENT_INFO_TYPE_MNT	7
#endif

#endif /* NSC_MNT_UTIL_H */
