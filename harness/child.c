// SPDX-License-Identifier: GPL-2.0
/* Child-in-namespace helpers with a socketpair handshake. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsc_child.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

/* Shared with every forked test so a child can hand its SKIP reason up. */
static char *skip_reason;

__attribute__((constructor)) static void nsc_child_init(void)
{
	skip_reason = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (skip_reason == MAP_FAILED)
		skip_reason = NULL;
}

void nsc_set_skip_reason(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	if (!skip_reason)
		return;
	errno = saved;
	va_start(ap, fmt);
	vsnprintf(skip_reason, 4096, fmt, ap);
	va_end(ap);
}

const char *nsc_skip_reason(void)
{
	return skip_reason && skip_reason[0] ? skip_reason : "skipped in child";
}

void nsc_child_log(const char *file, int line, const char *fmt, ...)
{
	int saved = errno;
	char msg[1024];
	va_list ap;

	errno = saved;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* one line, console-safe */
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	fprintf(stderr, "# %s:%d: [child %d] %s\n", file, line, (int)getpid(),
		msg);
	fflush(stderr);
}

static int child_start(struct nsc_child *c, uint64_t flags, bool into,
		       int cgroup_fd, nsc_child_fn fn, void *arg)
{
	struct nsc_clone_args args;
	int sv[2], pidfd = -1, saved;
	pid_t ppid = getpid();
	pid_t pid;

	c->pid = -1;
	c->pidfd = -EBADF;
	c->sock = -EBADF;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -1;
	memset(&args, 0, sizeof(args));
	args.flags = flags | CLONE_PIDFD;
	args.pidfd = (uint64_t)(uintptr_t)&pidfd;
	args.exit_signal = SIGCHLD;
	if (into) {
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)cgroup_fd;
	}
	fflush(NULL);
	pid = nsc_clone3(&args, into ? NSC_CLONE_ARGS_SIZE_VER2 :
				      NSC_CLONE_ARGS_SIZE_VER0);
	if (pid < 0) {
		saved = errno;
		close(sv[0]);
		close(sv[1]);
		errno = saved;
		return -1;
	}
	if (pid == 0) {
		close(sv[0]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		/* A parent that died before prctl() would leave us orphaned. A
		 * parent outside our pid ns (CLONE_NEWPID, or a caller that did
		 * unshare(CLONE_NEWPID)) reads as 0. */
		pid_t pp = getppid();

		if (pp != 0 && pp != ppid)
			_exit(137);
		_exit(fn(sv[1], arg));
	}
	close(sv[1]);
	c->pid = pid;
	c->pidfd = pidfd;
	c->sock = sv[0];
	return 0;
}

int nsc_child_start(struct nsc_child *c, uint64_t flags, nsc_child_fn fn,
		    void *arg)
{
	return child_start(c, flags, false, -1, fn, arg);
}

int nsc_child_start_cgroup(struct nsc_child *c, uint64_t flags, int cgroup_fd,
			   nsc_child_fn fn, void *arg)
{
	return child_start(c, flags, true, cgroup_fd, fn, arg);
}

int nsc_child_wait(struct nsc_child *c)
{
	siginfo_t info;
	int ret;

	if (c->pid <= 0) {
		errno = ECHILD;
		return -1;
	}
	memset(&info, 0, sizeof(info));
	do {
		ret = waitid(P_PID, c->pid, &info, WEXITED);
	} while (ret < 0 && errno == EINTR);
	if (c->sock >= 0)
		close(c->sock);
	if (c->pidfd >= 0)
		close(c->pidfd);
	c->sock = c->pidfd = -EBADF;
	c->pid = -1;
	if (ret < 0)
		return -1;
	if (info.si_code == CLD_EXITED)
		return info.si_status;
	return 128 + info.si_status;
}

int nsc_child_park(int sock, void *arg)
{
	if (nsc_send_byte(sock, 'r'))
		return 1;
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

void nsc_child_kill(struct nsc_child *c)
{
	if (c->pid <= 0)
		return;
	if (c->pidfd >= 0)
		nsc_pidfd_send_signal(c->pidfd, SIGKILL, NULL, 0);
	else
		kill(c->pid, SIGKILL);
	nsc_child_wait(c);
}
