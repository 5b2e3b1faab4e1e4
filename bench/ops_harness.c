// SPDX-License-Identifier: GPL-2.0
/*
 * nsbench: what the suite's own plumbing costs (a fork, the harness's
 * double fork, a socketpair handshake, pidfd reaping, the harness's child
 * helpers), next to the namespace operations it tests.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "nsbench.h"

int op_h_fork(const struct op *o, double *out)
{
	uint64_t t0 = now_ns();
	pid_t pid = fork();

	if (pid < 0)
		return fail("fork");
	if (pid == 0)
		_exit(0);
	if (reap(pid))
		return -1;
	out[0] = lap(t0);
	return 0;
}

int op_h_dfork(const struct op *o, double *out)
{
	uint64_t t0 = now_ns();
	pid_t pid = fork();

	if (pid < 0)
		return fail("fork");
	if (pid == 0) {
		pid_t gc = fork();

		if (gc < 0)
			_exit(1);
		if (gc == 0)
			_exit(0);
		_exit(waitpid(gc, NULL, 0) == gc ? 0 : 1);
	}
	if (reap(pid))
		return -1;
	out[0] = lap(t0);
	return 0;
}

int op_h_sock(const struct op *o, double *out)
{
	uint64_t t0;
	int sv[2], c = -1;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return fail("socketpair");
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return fail("fork");
	}
	if (pid == 0) {
		close(sv[0]);
		c = nsc_recv_byte(sv[1]);
		_exit(c < 0 || nsc_send_byte(sv[1], (char)c) ? 1 : 0);
	}
	close(sv[1]);
	t0 = now_ns();
	if (!nsc_send_byte(sv[0], 'x'))
		c = nsc_recv_byte(sv[0]);
	out[0] = lap(t0);
	close(sv[0]);
	if (c != 'x') {
		reap(pid);
		errno = EPIPE;
		return fail("handshake");
	}
	return reap(pid);
}

int op_h_pidfd(const struct op *o, double *out)
{
	siginfo_t si;
	uint64_t t0;
	int pfd;
	pid_t pid = fork();

	if (pid < 0)
		return fail("fork");
	if (pid == 0)
		_exit(0);
	/* untimed: until the child is a zombie */
	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT))
		return fail("waitid WNOWAIT");
	t0 = now_ns();
	pfd = nsc_pidfd_open(pid, 0);
	if (pfd < 0) {
		fail("pidfd_open");
		reap(pid);
		return -1;
	}
	if (waitid((idtype_t)P_PIDFD, (id_t)pfd, &si, WEXITED)) {
		fail("waitid(P_PIDFD)");
		close(pfd);
		return -1;
	}
	close(pfd);
	out[0] = lap(t0);
	return 0;
}

static int ret0(int sock, void *arg)
{
	return 0;
}

int op_h_child(const struct op *o, double *out)
{
	struct nsc_child c = NSC_CHILD_INIT;
	uint64_t t0 = now_ns();
	int rc;

	if (nsc_child_start(&c, 0, ret0, NULL))
		return fail("nsc_child_start");
	rc = nsc_child_wait(&c);
	out[0] = lap(t0);
	if (rc) {
		errno = ECHILD;
		return fail("nsc_child_wait = %d", rc);
	}
	return 0;
}

int op_h_run(const struct op *o, double *out)
{
	uint64_t t0 = now_ns();
	int rc = nsc_child_run(0, ret0, NULL);

	out[0] = lap(t0);
	if (rc) {
		errno = rc < 0 ? errno : ECHILD;
		return fail("nsc_child_run = %d", rc);
	}
	return 0;
}

/*
 * fork+exit+wait while another CPU runs a busy loop. On bare metal this is
 * the plain fork figure; on a shadow-paging VM every fork also stalls the
 * other vCPUs, and it shows here (why -j2 gains little on such a VM).
 */
int op_h_fork_busy(const struct op *o, double *out)
{
	int me = sched_getcpu(), ncpu = (int)sysconf(_SC_NPROCESSORS_CONF);
	int p[2], rc;
	char ok = 0;
	pid_t spin;

	if (pipe2(p, O_CLOEXEC))
		return fail("pipe");
	spin = fork();
	if (spin < 0)
		return fail("fork");
	if (spin == 0) {
		for (int c = 0; c < ncpu && !ok; c++) {
			cpu_set_t one;

			CPU_ZERO(&one);
			CPU_SET(c, &one);
			if (c != me && !sched_setaffinity(0, sizeof(one), &one))
				ok = 1;
		}
		if (write(p[1], &ok, 1) != 1 || !ok)
			_exit(1);
		for (volatile unsigned long n = 0;; n++)
			;
	}
	close(p[1]);
	if (read(p[0], &ok, 1) != 1)
		ok = 0;
	close(p[0]);
	rc = ok ? op_h_fork(o, out) : -1;
	kill(spin, SIGKILL);
	reap(spin);
	if (!ok) {
		snprintf(why, sizeof(why), "no second CPU to keep busy");
		return -1;
	}
	return rc;
}

