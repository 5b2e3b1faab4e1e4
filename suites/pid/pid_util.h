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
static inline pid_t pid_spawn(int (*fn)(void *), void *arg, bool pdeath)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		if (pdeath)
			prctl(PR_SET_PDEATHSIG, SIGKILL);
		_exit(fn(arg));
	}
	return pid;
}

/* Reaps pid (or any child for -1): exit code, 128+signal, -1 on error.
 * *who gets the reaped PID when non-NULL. */
static inline int pid_reap_who(pid_t pid, pid_t *who)
{
	pid_t r;
	int st;

	do {
		r = waitpid(pid, &st, 0);
	} while (r < 0 && errno == EINTR);
	if (who)
		*who = r;
	if (r < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static inline int pid_reap(pid_t pid)
{
	return pid_reap_who(pid, NULL);
}

/* "Key:" values of PROC/PID/status (pid 0 = self). */
static inline int pid_status_vals(const char *proc, pid_t pid,
				  const char *key, long *vals, int max)
{
	char path[128];

	if (pid > 0)
		snprintf(path, sizeof(path), "%s/%d/status", proc, (int)pid);
	else
		snprintf(path, sizeof(path), "%s/self/status", proc);
	return nsc_key_vals(path, key, vals, max);
}

/* "Key:" values of PROC/self/fdinfo/FD. */
static inline int pid_fdinfo_vals(const char *proc, int fd, const char *key,
				  long *vals, int max)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/self/fdinfo/%d", proc, fd);
	return nsc_key_vals(path, key, vals, max);
}

/* Our depth below the pid ns of /proc: NSpid values minus one. */
static inline int pid_proc_level(void)
{
	long v[40];
	int n = pid_status_vals("/proc", 0, "NSpid", v, 40);

	return n > 0 ? n - 1 : -1;
}

/* Raw clone3 without a stack: returns like fork(). */
static inline pid_t pid_clone3(uint64_t flags, int exit_signal,
			       const pid_t *set_tid, size_t n, int *pidfd)
{
	struct nsc_clone_args a;

	memset(&a, 0, sizeof(a));
	a.flags = flags | (pidfd ? CLONE_PIDFD : 0);
	a.pidfd = (uint64_t)(uintptr_t)pidfd;
	a.exit_signal = exit_signal;
	a.set_tid = (uint64_t)(uintptr_t)set_tid;
	a.set_tid_size = n;
	fflush(NULL);
	return nsc_clone3(&a, set_tid ? NSC_CLONE_ARGS_SIZE_VER2 :
				  NSC_CLONE_ARGS_SIZE_VER0);
}

/* Makes / private and mounts a fresh procfs on /proc: the caller must be
 * in a mount namespace of its own. */
static inline int pid_mount_own_proc(void)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return -1;
	return mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		     NULL);
}

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
static inline int pid_get_info(int pidfd, __u64 mask, struct pid_info0 *info)
{
	memset(info, 0, sizeof(*info));
	info->mask = mask;
	return ioctl(pidfd, PID_GET_INFO0, info);
}

/* Reason to skip when the kernel has no PIDFD_GET_INFO, else NULL. */
static inline const char *pid_need_get_info(void)
{
	struct pid_info0 info;
	int fd = nsc_pidfd_open(getpid(), 0);
	int r, saved;

	if (fd < 0)
		return errno == ENOSYS ? "kernel lacks pidfd_open (ENOSYS)" : NULL;
	r = pid_get_info(fd, PIDFD_INFO_PID, &info);
	saved = errno;
	close(fd);
	/* before 6.13: ENOTTY, or EINVAL where the pidfd namespace ioctls
	 * (6.11, 6.12) refuse any argument before looking at the command */
	if (r && saved == ENOTTY)
		return "kernel lacks PIDFD_GET_INFO (ENOTTY), 6.13+";
	if (r && saved == EINVAL)
		return "kernel lacks PIDFD_GET_INFO (EINVAL), 6.13+";
	return NULL;
}

/*
 * Child side: drop to an unprivileged uid (65534 as root, or stay the
 * unprivileged user the suite runs as), then unshare a user ns that maps
 * root to that uid. An unprivileged writer can never change the global
 * pid_max, whatever the kernel; a restricted or limited user ns is noted
 * as the test's cause. 0, or 1 after logging (a CHILD_ASSERT).
 */
static inline int pid_own_userns_unprivileged(void)
{
	uid_t uid;
	gid_t gid;

	CHILD_ASSERT(!nsc_drop_to_nobody(), "%m");
	CHILD_ASSERT(geteuid() != 0, "still uid 0");
	/* our ids before the unshare: after it they read as the overflow
	 * ids until mapped */
	uid = geteuid();
	gid = getegid();
	CHILD_ASSERT(!unshare(CLONE_NEWUSER), "unshare(CLONE_NEWUSER) as uid %d: %m",
		     (int)uid);
	CHILD_ASSERT(!nsc_map_root_to(0, uid, gid), "mapping 0 to %d: %m", (int)uid);
	return 0;
}

#endif /* PID_UTIL_H */
