// SPDX-License-Identifier: GPL-2.0
/*
 * nsbench's namespace operations: create, join, destroy, create+destroy
 * loops, a container start and nesting chains. Each op_* times one sample
 * into out[] (lap() ends every timed region) and leaves the bench root in
 * its own namespaces again; table.c says which runs for which type.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "nl.h"
#include "nsbench.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

/* What a per-sample child reports back through shared memory. */
struct shm {
	double out[NOUT_MAX + MAX_NEST + 2];
	int err;
	int deepest;
	char why[200];
};
static struct shm *shm;

void *ops_shm_init(void)
{
	shm = mmap(NULL, sizeof(*shm), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	return shm == MAP_FAILED ? NULL : shm;
}

pid_t raw_clone(uint64_t flags)
{
	struct nsc_clone_args args = { .flags = flags, .exit_signal = SIGCHLD };

	return nsc_clone3(&args, NSC_CLONE_ARGS_SIZE_VER0);
}

int reap(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return fail("waitpid %d", (int)pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		errno = ECHILD;
		return fail("child %d status 0x%x", (int)pid, status);
	}
	return 0;
}

/*
 * Runs fn in a fresh fork (for what cannot be undone in the bench root,
 * e.g. entering a user namespace); fn times itself into shm->out.
 */
static int in_child(int (*fn)(int t, double *out), int t, double *out, int n)
{
	int status;
	pid_t pid;

	shm->err = 0;
	shm->why[0] = 0;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return fail("fork");
	if (pid == 0) {
		int r = fn(t, shm->out);

		if (r) {
			shm->err = errno ? errno : EIO;
			snprintf(shm->why, sizeof(shm->why), "%s", why);
		}
		_exit(r ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return fail("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		errno = shm->err ? shm->err : EIO;
		snprintf(why, sizeof(why), "%s", shm->why[0] ? shm->why :
			 "per-sample child died");
		return -1;
	}
	memcpy(out, shm->out, (size_t)n * sizeof(double));
	return 0;
}

/* ---- create and join ---- */
static int timed_unshare(int t, double *out)
{
	uint64_t t0 = now_ns();

	if (unshare(tflag(t)))
		return fail("unshare(CLONE_NEW%s)", nsc_nstypes[t].name);
	out[0] = lap(t0);
	return 0;
}

static int timed_setns_fd(int t, double *out)
{
	uint64_t t0 = now_ns();

	if (setns(C.tfd[t], tflag(t)))
		return fail("setns(%s fd)", nsc_nstypes[t].name);
	out[0] = lap(t0);
	return 0;
}

static int timed_setns_pidfd(int t, double *out)
{
	uint64_t t0 = now_ns();

	if (setns(C.target.pidfd, tflag(t)))
		return fail("setns(pidfd, CLONE_NEW%s)", nsc_nstypes[t].name);
	out[0] = lap(t0);
	return 0;
}

/* A user namespace cannot be left: its sample runs in a fresh fork. */
static int there_and_back(int (*fn)(int, double *), int t, double *out)
{
	if (t == NSC_NS_USER)
		return in_child(fn, t, out, 1);
	if (fn(t, out))
		return -1;
	return back(t);
}

int op_unshare(const struct op *o, double *out)
{
	return there_and_back(timed_unshare, o->t, out);
}

int op_setns_fd(const struct op *o, double *out)
{
	return there_and_back(timed_setns_fd, o->t, out);
}

int op_setns_pidfd(const struct op *o, double *out)
{
	return there_and_back(timed_setns_pidfd, o->t, out);
}

int op_clone3(const struct op *o, double *out)
{
	uint64_t t0 = now_ns();
	pid_t pid = raw_clone(o->t < 0 ? 0 : (uint64_t)tflag(o->t));

	if (pid < 0)
		return fail("clone3(%s)", o->t < 0 ? "0" : nsc_nstypes[o->t].name);
	if (pid == 0)
		_exit(0);
	out[0] = lap(t0);
	return reap(pid);
}

/* ---- destroy ---- */
/* The last reference to a namespace of type t, as an fd. */
static int hold_only_fd(int t)
{
	const struct nsc_nstype *nt = &nsc_nstypes[t];
	char path[64];
	int fd;

	if (t == NSC_NS_USER) {
		struct nsc_child c = NSC_CHILD_INIT;

		if (nsc_child_start(&c, CLONE_NEWUSER, nsc_child_park, NULL))
			return fail("clone3(CLONE_NEWUSER)");
		fd = nsc_recv_byte(c.sock) == 'r' ? nsc_ns_open(c.pid, "user") : -1;
		if (fd < 0)
			fail("open user ns of %d", (int)c.pid);
		nsc_child_kill(&c);
		return fd;
	}
	if (unshare(nt->flag))
		return fail("unshare(CLONE_NEW%s)", nt->name);
	snprintf(path, sizeof(path), "/proc/self/ns/%s", base_link[t]);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fail("open %s", path);
	if (back(t)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

int op_destroy_fd(const struct op *o, double *out)
{
	int fd = hold_only_fd(o->t);
	uint64_t t0;

	if (fd < 0)
		return -1;
	t0 = now_ns();
	close(fd);	/* the nsfs inode's final put runs before close() returns */
	out[0] = lap(t0);
	return 0;
}

/* Observed, not guessed: until RTM_DELNSID, then the veth's RTM_DELLINK. */
int op_destroy_net(const struct op *o, double *out)
{
	uint64_t t0, t1, t2;
	int nsid, ifindex, fd = net_doomed(&nsid, &ifindex);

	if (fd < 0)
		return -1;
	t0 = now_ns();
	close(fd);
	out[0] = lap(t0);
	if (nl_wait_gone(C.nl_ev, nsid, &t1, ifindex, &t2, EVENT_TIMEOUT_MS))
		return fail("no RTM_DELNSID/RTM_DELLINK within %d ms",
			    EVENT_TIMEOUT_MS);
	out[0] = us_since(t0, t1);
	out[1] = us_since(t0, t2);
	return 0;
}

/* A pid ns dies with its init: kill it and reap it. */
int op_destroy_pid(const struct op *o, double *out)
{
	struct nsc_child c = NSC_CHILD_INIT;
	uint64_t t0;
	siginfo_t si;

	if (nsc_child_start(&c, CLONE_NEWPID, nsc_child_park, NULL))
		return fail("clone3(CLONE_NEWPID)");
	if (nsc_recv_byte(c.sock) != 'r') {
		nsc_child_kill(&c);
		errno = EPIPE;
		return fail("pid ns init did not start");
	}
	t0 = now_ns();
	if (nsc_pidfd_send_signal(c.pidfd, SIGKILL, NULL, 0) ||
	    waitid((idtype_t)P_PIDFD, (id_t)c.pidfd, &si, WEXITED)) {
		fail("kill+reap pid ns init");
		nsc_child_kill(&c);
		return -1;
	}
	out[0] = lap(t0);
	close(c.pidfd);
	close(c.sock);
	return 0;
}

/* ---- throughput and a container start ---- */
static int create_destroy_once(int t)
{
	pid_t pid;

	if (t != NSC_NS_USER) {
		if (unshare(tflag(t)))
			return fail("unshare(CLONE_NEW%s)", nsc_nstypes[t].name);
		return back(t);
	}
	pid = raw_clone(CLONE_NEWUSER);
	if (pid < 0)
		return fail("clone3(CLONE_NEWUSER)");
	if (pid == 0)
		_exit(0);
	return reap(pid);
}

int op_loop(const struct op *o, double *out)
{
	uint64_t t0 = now_ns();

	for (int i = 0; i < opt.loop; i++)
		if (create_destroy_once(o->t))
			return -1;
	/* a netns is only gone when its teardown ran: wait for it */
	if (o->t == NSC_NS_NET && net_settle())
		return -1;
	out[0] = lap(t0) / opt.loop;
	return 0;
}

int op_container(const struct op *o, double *out)
{
	uint64_t t0, t1;
	int p[2];
	pid_t pid;
	char b;

	if (pipe2(p, O_CLOEXEC))
		return fail("pipe2");
	t0 = now_ns();
	pid = raw_clone(NSC_ALL_NS_FLAGS);
	if (pid < 0) {
		fail("clone3(all eight CLONE_NEW* flags)");
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0)
		_exit(write(p[1], "r", 1) == 1 ? 0 : 1);
	t1 = now_ns();
	close(p[1]);
	if (read(p[0], &b, 1) != 1) {
		close(p[0]);
		reap(pid);
		errno = EPIPE;
		return fail("container child did not report");
	}
	out[1] = lap(t0);
	out[0] = us_since(t0, t1);
	close(p[0]);
	return reap(pid);
}

/* ---- nesting ---- */
/*
 * One link of a pid nesting chain (a pid ns only takes effect for a child,
 * so every level is a process): at `level`, time the clone3() that makes
 * level+1, then let the child carry on. Each level's time lands in
 * shm->out[level].
 */
static int nest_step(int flag, int level)
{
	uint64_t t0;
	int status;
	pid_t pid;

	shm->deepest = level;
	if (level >= MAX_NEST)
		return 0;
	t0 = now_ns();
	pid = raw_clone((uint64_t)flag);
	if (pid < 0)
		return (errno == EUSERS || errno == ENOSPC) ? 0 : 3;
	if (pid == 0)
		_exit(nest_step(flag, level + 1));
	shm->out[level + 1] = lap(t0);
	if (waitpid(pid, &status, 0) != pid)
		return 4;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 5;
}

/*
 * User namespaces nest without a fork: each unshare(CLONE_NEWUSER) makes a
 * child of the current one. One process walks down to the limit; only the
 * unshare() is timed, not the uid/gid map each level needs before the next.
 */
static int user_chain(int t, double *out)
{
	for (int level = C.user_level; level < MAX_NEST; level++) {
		uint64_t t0 = now_ns();

		if (unshare(CLONE_NEWUSER)) {
			if (errno == EUSERS || errno == ENOSPC)
				break;
			return fail("unshare(CLONE_NEWUSER) at level %d",
				    level + 1);
		}
		out[level + 1] = lap(t0);
		shm->deepest = level + 1;
		if (nsc_map_root_to(0, 0, 0))
			return fail("map root at level %d", level + 1);
	}
	return 0;
}

int op_nest(const struct op *o, double *out)
{
	int base = o->t == NSC_NS_PID ? C.pid_level : C.user_level;
	uint64_t t0 = now_ns();
	double sum = 0;
	int rc, i;

	memset(shm->out, 0, sizeof(shm->out));
	shm->deepest = base;
	if (o->t == NSC_NS_USER) {
		if (in_child(user_chain, o->t, out, 0))
			return -1;
		for (i = base + 1; i <= shm->deepest; i++)
			sum += shm->out[i];
		out[o->nout - 1] = sum;
	} else {
		rc = nest_step(tflag(o->t), base);
		out[o->nout - 1] = us_since(t0, now_ns());
		if (rc) {
			errno = ECHILD;
			return fail("nesting chain broke at level %d (step %d)",
				    shm->deepest, rc);
		}
	}
	for (i = 0; i < o->nout - 1; i++) {
		if (shm->deepest < o->levels[i]) {
			errno = EUSERS;
			return fail("%s nesting stops at level %d",
				    nsc_nstypes[o->t].name, shm->deepest);
		}
		out[i] = shm->out[o->levels[i]];
	}
	return 0;
}
