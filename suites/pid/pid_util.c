// SPDX-License-Identifier: GPL-2.0
/* The helpers pid_util.h declares, compiled once for the suite's programs. */
#include "pid_util.h"

pid_t pid_spawn(int (*fn)(void *), void *arg, bool pdeath)
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

int pid_reap_who(pid_t pid, pid_t *who)
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

int pid_reap(pid_t pid)
{
	return pid_reap_who(pid, NULL);
}

int pid_status_vals(const char *proc, pid_t pid,
		    const char *key, long *vals, int max)
{
	char path[128];

	if (pid > 0)
		snprintf(path, sizeof(path), "%s/%d/status", proc, (int)pid);
	else
		snprintf(path, sizeof(path), "%s/self/status", proc);
	return nsc_key_vals(path, key, vals, max);
}

int pid_fdinfo_vals(const char *proc, int fd, const char *key,
		    long *vals, int max)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/self/fdinfo/%d", proc, fd);
	return nsc_key_vals(path, key, vals, max);
}

int pid_proc_level(void)
{
	long v[40];
	int n = pid_status_vals("/proc", 0, "NSpid", v, 40);

	return n > 0 ? n - 1 : -1;
}

pid_t pid_clone3(uint64_t flags, int exit_signal,
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

int pid_mount_own_proc(void)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return -1;
	return mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		     NULL);
}

int pid_get_info(int pidfd, __u64 mask, struct pid_info0 *info)
{
	memset(info, 0, sizeof(*info));
	info->mask = mask;
	return ioctl(pidfd, PID_GET_INFO0, info);
}

const char *pid_need_get_info(void)
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

int pid_own_userns_unprivileged(void)
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
