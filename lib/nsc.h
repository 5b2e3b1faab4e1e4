/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nsconform shared helpers. Nothing in lib/ depends on the kselftest
 * harness: functions return -1 with errno set (or a reason string), and the
 * test decides whether that is a FAIL or a SKIP.
 */
#ifndef NSC_H
#define NSC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nsc_sys.h"

/* ------------------------------------------------------------------ */
/* Namespace type table (lib/nstype.c)                                  */
/* ------------------------------------------------------------------ */
struct nsc_nstype {
	const char *name;	/* /proc/PID/ns entry: "uts" */
	int flag;		/* CLONE_NEWUTS */
	const char *config;	/* CONFIG_UTS_NS */
	const char *max_sysctl;	/* /proc/sys/user/max_uts_namespaces */
	bool hierarchical;	/* has NS_GET_PARENT (pid, user) */
	bool for_children;	/* caller stays put after unshare (pid, time) */
	unsigned long pidfd_ioctl; /* PIDFD_GET_*_NAMESPACE */
	/* the kernel's fixed inode of the initial ns (PROC_*_INIT_INO); net
	 * and mnt have theirs since 6.18 only (allocated before) */
	unsigned long init_ino;
};

enum {
	NSC_NS_CGROUP, NSC_NS_IPC, NSC_NS_MNT, NSC_NS_NET,
	NSC_NS_PID, NSC_NS_TIME, NSC_NS_USER, NSC_NS_UTS,
	NSC_NS_COUNT
};
extern const struct nsc_nstype nsc_nstypes[NSC_NS_COUNT];

/* The ten /proc/PID/ns links, in readdir-independent order. */
#define NSC_NSLINK_COUNT 10
extern const char *const nsc_nslinks[NSC_NSLINK_COUNT];

const struct nsc_nstype *nsc_nstype_by_name(const char *name);
const struct nsc_nstype *nsc_nstype_by_flag(int flag);

/* ------------------------------------------------------------------ */
/* Namespace identity (lib/nsid.c)                                      */
/* ------------------------------------------------------------------ */
struct nsc_nsid {
	dev_t dev;
	ino_t ino;
};
/* stat() /proc/PID/ns/LINK (pid 0 = self). */
int nsc_ns_stat(pid_t pid, const char *link, struct nsc_nsid *id);
int nsc_ns_fstat(int fd, struct nsc_nsid *id);
bool nsc_nsid_eq(const struct nsc_nsid *a, const struct nsc_nsid *b);
/* Inode of /proc/PID/ns/LINK. On error 0, and the test FAILs however it
 * compares that 0 (nsc_obs_fail): a caller that expects an error uses
 * nsc_ns_stat. */
ino_t nsc_ns_ino(pid_t pid, const char *link);
/* NS_GET_ID where the kernel has it, else st_ino. */
int nsc_ns_uid(int fd, uint64_t *id, bool *from_ioctl);
int nsc_ns_open(pid_t pid, const char *link);

/* unshare(flags), then check that every namespace asked for is new: the
 * link unshare() moves (pid_for_children, time_for_children for pid and
 * time) changed inode. -1 with errno from unshare, or EEXIST when a link
 * did not change (the kernel silently did not create that namespace). */
int nsc_unshare_checked(int flags);

struct nsc_ns_snap {
	ino_t ino[NSC_NSLINK_COUNT];	/* 0 = absent: this kernel lacks the
					 * type, or pid_for_children before
					 * the first child */
};
/* -1 (and the test FAILs, nsc_obs_fail) when a link that should be there
 * could not be read. */
int nsc_ns_snapshot(pid_t pid, struct nsc_ns_snap *s);
/* Bitmask over nsc_nslinks of the entries that differ. */
unsigned int nsc_ns_snap_diff(const struct nsc_ns_snap *a,
			      const struct nsc_ns_snap *b);
/* Formats a diff mask as "uts,net" into buf. */
const char *nsc_ns_mask_str(unsigned int mask, char *buf, size_t len);
int nsc_nslink_index(const char *link);

/* ------------------------------------------------------------------ */
/* Files and /proc (lib/proc.c)                                         */
/* ------------------------------------------------------------------ */
/* Reads a whole file (NUL-terminated, truncated to len-1). Returns bytes. */
ssize_t nsc_read_file(const char *path, char *buf, size_t len);
/* Writes buf in one write(2); returns 0 or -1 with errno from write. */
int nsc_write_file(const char *path, const char *buf);
/* "/proc/PID/NAME" into buf, "/proc/self/NAME" for pid 0; returns buf. */
const char *nsc_proc_path(char *buf, size_t len, pid_t pid, const char *name);
/* State letter and parent pid from /proc/PID/stat (pid 0: self); -1 when
 * the process is gone or the file does not parse. */
int nsc_proc_stat(pid_t pid, char *state, pid_t *ppid);
/* Creates (mode 0644) or truncates path and writes text in one write(2). */
int nsc_put_file(const char *path, const char *text);
/* Creates path (mode 0644) if missing, e.g. as a bind-mount target. */
int nsc_touch(const char *path);
int nsc_read_long(const char *path, long *val);
int nsc_write_long(const char *path, long val);
/* Value of "Key:" in /proc/PID/status (pid 0 = self), trimmed. */
int nsc_status_field(pid_t pid, const char *key, char *buf, size_t len);
/* The numbers after "Key:" in a "Key:\tN\tN..." file (/proc/PID/status,
 * fdinfo): how many were stored in vals, -1 (ENOENT) if the key is
 * missing, -1 with errno if the file is. */
int nsc_key_vals(const char *path, const char *key, long *vals, int max);
/* 1 when pidfd polls readable (its process exited) within timeout_ms,
 * 0 on timeout, -1 on error. */
int nsc_pidfd_exited(int pidfd, int timeout_ms);
/*
 * After pthread_join(): wait (bounded, ms) until the joined thread is gone
 * from /proc/self/task. pthread_join returns when the thread clears its tid,
 * which the kernel does before it releases the thread's fs_struct, so a
 * setns() that needs an unshared fs (mnt, user) can still see two users.
 * Returns 0 once single-threaded, -1 (ETIMEDOUT) otherwise.
 */
int nsc_wait_single_threaded(int timeout_ms);
/*
 * In a new child: SIGKILL when the parent dies (PR_SET_PDEATHSIG), and -1
 * when it died before that took effect (getppid() is no longer ppid). A
 * parent outside our pid namespace reads as 0, which counts as alive.
 */
int nsc_die_with_parent(pid_t ppid);
/* Counts the numeric entries of a procfs directory. */
int nsc_count_pids(const char *procdir);
/* Reads the first line of a file, without its newline. */
int nsc_read_line(const char *path, char *buf, size_t len);

/* Saved sysctl, restored by nsc_sysctl_restore(). */
struct nsc_sysctl {
	char path[128];
	char value[256];
	bool saved;
};
int nsc_sysctl_save(struct nsc_sysctl *s, const char *path);
int nsc_sysctl_restore(struct nsc_sysctl *s);

/* The running kernel is at least MAJOR.MINOR (from uname's release). Only
 * for rows the catalogue ties to a version, never in place of a probe. */
bool nsc_kernel_at_least(int major, int minor);

/* Unique per-process name: PREFIX-PID-N. */
const char *nsc_uniq(char *buf, size_t len, const char *prefix);

/* ------------------------------------------------------------------ */
/* User namespaces: maps (lib/idmap.c)                                  */
/* ------------------------------------------------------------------ */
/* Writes /proc/PID/{setgroups,uid_map,gid_map}; NULL skips a file. */
int nsc_write_maps(pid_t pid, const char *uid_map, const char *gid_map,
		   bool deny_setgroups);
/* Maps uid/gid 0 in PID's user ns to the caller's euid/egid. */
int nsc_map_root_to(pid_t pid, uid_t outer_uid, gid_t outer_gid);
/* unshare(CLONE_NEWUSER | extra) and map 0 to the previous euid/egid. */
int nsc_unshare_userns_root(int extra_flags);
/* As root: drop to uid/gid with no groups and no capabilities, staying
 * dumpable (else /proc/self/uid_map etc. stay root-owned) and keeping the
 * parent-death signal (setres[ug]id clears both). As non-root: nothing
 * to do. */
int nsc_drop_to(uid_t uid, gid_t gid);
/* nsc_drop_to(65534, 65534). */
int nsc_drop_to_nobody(void);
int nsc_overflow_uid(void);
int nsc_overflow_gid(void);

/* ------------------------------------------------------------------ */
/* Capabilities (lib/caps.c, libcap)                                    */
/* ------------------------------------------------------------------ */
bool nsc_cap_effective(int cap);
bool nsc_cap_in_bounding(int cap);
int nsc_cap_drop_effective(int cap);
/* Drops cap from the bounding, permitted and effective sets. */
int nsc_cap_drop_fully(int cap);
/* True when CapEff covers every capability up to cap_last_cap. */
bool nsc_caps_full(void);
int nsc_cap_last_cap(void);

#include "nsc_io.h"
#include "nsc_env.h"

#endif /* NSC_H */
