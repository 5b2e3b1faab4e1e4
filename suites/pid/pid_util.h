/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers shared by the PID-namespace suite: plain fork/reap,
 * parsing the multi-value lines of /proc/PID/status and pidfd fdinfo,
 * bounded waits on pidfds. Candidates for lib/ (see the suite report).
 */
#ifndef PID_UTIL_H
#define PID_UTIL_H

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsc.h"
#include "nsc_child.h"

/* fork(); the child runs fn(arg) and _exit()s with its result. With
 * pdeath the child is SIGKILLed when its parent dies. */
pid_t pid_spawn(int (*fn)(void *), void *arg, bool pdeath);

/* Reaps pid (or any child for -1): exit code, 128+signal, -1 on error.
 * *who gets the reaped PID when non-NULL. */
int pid_reap_who(pid_t pid, pid_t *who);
int pid_reap(pid_t pid);

/* "Key:" values of PROC/PID/status (pid 0 = self). */
int pid_status_vals(const char *proc, pid_t pid,
		    const char *key, long *vals, int max);

/* "Key:" values of PROC/self/fdinfo/FD. */
int pid_fdinfo_vals(const char *proc, int fd, const char *key,
		    long *vals, int max);

/* Our depth below the pid ns of /proc: NSpid values minus one. */
int pid_proc_level(void);

/* Raw clone3 without a stack: returns like fork(). */
pid_t pid_clone3(uint64_t flags, int exit_signal,
		 const pid_t *set_tid, size_t n, int *pidfd);

/* Makes / private and mounts a fresh procfs on /proc: the caller must be
 * in a mount namespace of its own. */
int pid_mount_own_proc(void);

/* Parent side: PID sits in a pid namespace other than `mine`. */
#define ASSERT_OTHER_PIDNS(pid, mine) do { \
	ino_t __ino = nsc_ns_ino((pid), "pid"); \
	ASSERT_NE((ino_t)0, __ino) \
		TH_LOG("stat /proc/%d/ns/pid: %m", (int)(pid)); \
	ASSERT_NE((mine), __ino) \
		TH_LOG("child %d was left in our pid namespace", (int)(pid)); \
} while (0)

/* ---- uapi pieces newer than the 6.1 headers (pidfs, 6.13+) ---- */
#ifndef PIDFD_INFO_PID
#define PIDFD_INFO_PID		(1ULL << 0)
#define PIDFD_INFO_CREDS	(1ULL << 1)
#define PIDFD_INFO_CGROUPID	(1ULL << 2)
#endif
#ifndef PIDFD_INFO_EXIT
#define PIDFD_INFO_EXIT		(1ULL << 3)
#endif
/* struct pidfd_info as first published (PIDFD_INFO_SIZE_VER0, 64 bytes):
 * the kernel copies what both sides know, so this size works on every
 * kernel with PIDFD_GET_INFO. */
struct pid_info0 {
	__u64 mask;
	__u64 cgroupid;
	__u32 pid, tgid, ppid;
	__u32 ruid, rgid, euid, egid, suid, sgid, fsuid, fsgid;
	__s32 exit_code;
};
#define PID_GET_INFO0 _IOWR(NSC_PIDFS_IOCTL_MAGIC, 11, struct pid_info0)
#ifndef FILEID_KERNFS
#define FILEID_KERNFS 0xfe
#endif
#ifndef PIDFD_SELF_THREAD
#define PIDFD_SELF_THREAD -10000
#endif

/* PIDFD_GET_INFO with mask into *info; ioctl's result. */
int pid_get_info(int pidfd, __u64 mask, struct pid_info0 *info);

/* Reason to skip when the kernel has no PIDFD_GET_INFO, else NULL. */
const char *pid_need_get_info(void);

/*
 * Child side: drop to an unprivileged uid (65534 as root, or stay the
 * unprivileged user the suite runs as), then unshare a user ns that maps
 * root to that uid. An unprivileged writer can never change the global
 * pid_max, whatever the kernel; a restricted or limited user ns is noted
 * as the test's cause. 0, or 1 after logging (a CHILD_ASSERT).
 */
int pid_own_userns_unprivileged(void);

#endif /* PID_UTIL_H */
