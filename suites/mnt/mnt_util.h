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

#include "nsc.h"
#include "nsc_child.h"

#ifndef TMPFS_MAGIC
#define TMPFS_MAGIC 0x01021994
#endif
#ifndef LOOP_CONFIGURE
#define LOOP_CONFIGURE 0x4C0A
#endif

/* Every test builds its mounts under this tmpfs, in a private mount ns. */
#define SANDBOX "/tmp"

/* Topmost mount at path in PID's mountinfo (0 = self); 0 or -1. */
int mnt_at(pid_t pid, const char *path, struct nsc_mountinfo *m);

/* Whether path is (present) or is not (absent) a mount point in PID's mount
 * ns (0 = self). Both fail closed: false when mountinfo cannot be read or is
 * empty (a process that has exited shows none). */
bool mnt_present(pid_t pid, const char *path);
bool mnt_absent(pid_t pid, const char *path);

/* TAG:N of the mount at path ("shared", "master", "propagate_from"):
 * N, 0 when absent, -1 when path is not a mount point. */
int mnt_tag_at(pid_t pid, const char *path, const char *tag);

/* Optional fields of the mount at path, "?" when not a mount point. */
const char *mnt_opt_at(pid_t pid, const char *path, char *buf, size_t len);

/* mkdir 0755; an existing directory is fine. */
int mk_dir(const char *path);

/* mkdir + tmpfs named src at path. */
int mk_tmpfs(const char *path, const char *src);

/* mkdir + bind mount (rec: MS_REC) of from at to. */
int mk_bind(const char *from, const char *to, bool rec);
/* Propagation type (MS_SHARED, MS_PRIVATE, ... | MS_REC) of the mount at path. */
int set_prop(const char *path, unsigned long type);

/* Reads a small file into buf; "" on error. */
const char *get_file(const char *path, char *buf, size_t len);

/* st_dev of path, 0 on error. */
dev_t dev_of(const char *path);

/* Private mount ns with a fresh tmpfs over SANDBOX. */
int mnt_sandbox(void);

/*
 * A few-MiB ext4 image at img, attached to a free loop device with
 * autoclear (the device frees itself once the last mount of it goes).
 * Returns the loop fd and fills dev, or -1: *why says why when the cause is
 * a missing tool or device (SKIP), else errno is set (FAIL).
 */
int mk_ext4_loop(const char *img, char *dev, size_t len, const char **why);

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
