// SPDX-License-Identifier: GPL-2.0
/*
 * PID namespaces: unshare/setns semantics, pid_for_children, nesting
 * depth, threads and CLONE_PARENT.
 * Source: pid_namespaces(7) (setns(2) and unshare(2) semantics, Nesting
 * PID namespaces, Adoption of orphaned children), namespaces(7)
 * (/proc/pid/ns/pid_for_children), setns(2), unshare(2), clone(2).
 */
#include <pthread.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include "nsc_harness.h"
#include "pid_util.h"

FIXTURE(nest) {
	struct nsc_child child;
	ino_t my_pidns;
	int fd;
};

FIXTURE_VARIANT(nest) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(nest);

FIXTURE_SETUP(nest)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	self->fd = -EBADF;
	NSC_ENTER_PRIV(variant->priv);
	self->my_pidns = nsc_ns_ino(0, "pid");
	ASSERT_NE((ino_t)0, self->my_pidns) TH_LOG("stat /proc/self/ns/pid: %m");
}

FIXTURE_TEARDOWN(nest)
{
	nsc_child_kill(&self->child);
	if (self->fd >= 0)
		close(self->fd);
}

/* An init that parks until told to go. */
static int park(int sock, void *arg)
{
	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

/* Starts a parked init child and opens its pid ns into self->fd. */
static void start_parked(struct __test_metadata *_metadata,
			 FIXTURE_DATA(nest) *self)
{
	ASSERT_CHILD_START(&self->child, CLONE_NEWPID, park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	self->fd = nsc_ns_open(self->child.pid, "pid");
	ASSERT_LE(0, self->fd) TH_LOG("open /proc/%d/ns/pid: %m",
				      self->child.pid);
}

static void finish_parked(struct __test_metadata *_metadata,
			  FIXTURE_DATA(nest) *self)
{
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/* A child that blocks on a pipe and exits 0 if it is PID 1. */
static int wait_pipe_is_init(void *arg)
{
	int *p = arg;
	char c;

	close(p[1]);
	if (read(p[0], &c, 1) < 0)
		return 2;
	return getpid() == 1 ? 0 : 1;
}

/*
 * Up to 6.18 pid_for_children reads ENOENT until the new pid ns has its init
 * (pidns_for_children_get() refused a ns without child_reaper); the check is
 * gone by 7.1 (seen on 7.2 and 7.3; absent from the 7.1-rc1 source), so the
 * link names the memberless ns at once. No probe can tell without doing the
 * very thing under test, hence the version (PID-03, CORE-09, TOOLS-13).
 */
static bool pid_for_children_before_init(void)
{
	return nsc_kernel_at_least(7, 1);
}

static int unshare_then_fork(int sock, void *arg)
{
	ino_t pid0 = nsc_ns_ino(0, "pid"), kid, pfc, early = 0;
	char buf[64];
	int p[2];
	pid_t first;

	CHILD_ASSERT(pid0 && nsc_ns_ino(0, "pid_for_children") == pid0, "%m");
	CHILD_ASSERT(!unshare(CLONE_NEWPID), "%m");
	CHILD_ASSERT(nsc_ns_ino(0, "pid") == pid0, "caller's pid link moved");
	if (pid_for_children_before_init()) {
		/* 7.1+: the link already names the new, memberless ns */
		early = nsc_ns_ino(0, "pid_for_children");
		CHILD_ASSERT(early && early != pid0,
			     "pid_for_children before the first child: %lu (%m)",
			     (unsigned long)early);
	} else {
		errno = 0;
		CHILD_ASSERT(readlink("/proc/self/ns/pid_for_children", buf,
				      sizeof(buf)) == -1 && errno == ENOENT,
			     "pid_for_children before the first child: errno %d",
			     errno);
	}
	CHILD_ASSERT(!pipe(p), "%m");
	first = pid_spawn(wait_pipe_is_init, p, true);
	CHILD_ASSERT(first > 0, "fork: %m");
	close(p[0]);
	kid = nsc_ns_ino(first, "pid");
	pfc = nsc_ns_ino(0, "pid_for_children");
	CHILD_ASSERT(kid && kid != pid0, "first child's pid ns %lu",
		     (unsigned long)kid);
	CHILD_ASSERT(pfc == kid, "pid_for_children %lu, child's ns %lu",
		     (unsigned long)pfc, (unsigned long)kid);
	CHILD_ASSERT(!early || early == kid, "before the fork %lu, child's ns %lu",
		     (unsigned long)early, (unsigned long)kid);
	CHILD_ASSERT(nsc_ns_ino(0, "pid") == pid0, "caller's pid link moved");
	close(p[1]);
	CHILD_ASSERT(pid_reap(first) == 0, "first child after unshare is not PID 1");
	return 0;
}

NSC_RULES(pid_03_pid_for_children_after_first_child, "PID-03", "PID-01");
TEST_F(nest, pid_03_pid_for_children_after_first_child)
{
	ASSERT_CHILD_RUN(0, unshare_then_fork, NULL);
}

static int is_init(void *arg)
{
	return getpid() == 1 ? 0 : 1;
}

static int unshare_twice(int sock, void *arg)
{
	pid_t c;

	CHILD_ASSERT(!unshare(CLONE_NEWPID), "first unshare: %m");
	errno = 0;
	CHILD_ASSERT(unshare(CLONE_NEWPID) == -1 && errno == EINVAL,
		     "second unshare: errno %d", errno);
	/* the first one still holds */
	c = pid_spawn(is_init, NULL, true);
	CHILD_ASSERT(c > 0, "fork: %m");
	CHILD_ASSERT(pid_reap(c) == 0, "child is not PID 1 of a new ns");
	return 0;
}

NSC_RULES(pid_04_second_unshare_einval, "PID-04");
TEST_F(nest, pid_04_second_unshare_einval)
{
	ASSERT_CHILD_RUN(0, unshare_twice, NULL);
}

struct target {
	int fd;
	ino_t ino;
};

static int joined_child(void *arg)
{
	const struct target *t = arg;

	if (getppid() != 0)
		return 10;
	if (getpid() != 2)	/* init is 1 and the only other member */
		return 11;
	if (nsc_ns_ino(0, "pid") != t->ino)
		return 12;
	/* setns() to our own pid ns (owned by our user ns in both flavours)
	 * undoes a pending unshare: pid_for_children names it again */
	if (unshare(CLONE_NEWPID))
		return 13;
	if (setns(t->fd, CLONE_NEWPID))
		return 14;
	return nsc_ns_ino(0, "pid_for_children") == t->ino ? 0 : 15;
}

static int setns_then_fork(int sock, void *arg)
{
	const struct target *t = arg;
	ino_t pid0 = nsc_ns_ino(0, "pid");
	pid_t me = getpid(), c;
	int rc;

	CHILD_ASSERT(!setns(t->fd, CLONE_NEWPID), "setns(child pid ns): %m");
	CHILD_ASSERT(getpid() == me, "getpid() changed");
	CHILD_ASSERT(nsc_ns_ino(0, "pid") == pid0, "pid link changed");
	CHILD_ASSERT(nsc_ns_ino(0, "pid_for_children") == t->ino,
		     "pid_for_children does not name the target");
	c = pid_spawn(joined_child, arg, true);
	CHILD_ASSERT(c > 0, "fork: %m");
	rc = pid_reap(c);
	CHILD_ASSERT(rc == 0, "child after setns: check %d failed (10 ppid, "
		     "11 pid, 12 ns, 13-15 setns to own ns)", rc);
	return 0;
}

NSC_RULES(pid_13_setns_child_sees_ppid_zero, "PID-13", "PID-18");
TEST_F(nest, pid_13_setns_child_sees_ppid_zero)
{
	struct target t;

	start_parked(_metadata, self);
	t.fd = self->fd;
	t.ino = nsc_ns_ino(self->child.pid, "pid");
	ASSERT_CHILD_RUN(0, setns_then_fork, &t);
	finish_parked(_metadata, self);
}

struct orphan_msg {
	pid_t ppid;
	ino_t ino;
};

/* R: in the target ns, parent outside; reports after Q is gone. */
static int orphan_r(void *arg)
{
	int *sv = arg;
	struct orphan_msg m;

	if (nsc_recv_byte(sv[1]) != 'g')
		return 10;
	m.ppid = getppid();
	m.ino = nsc_ns_ino(0, "pid");
	return nsc_send_buf(sv[1], &m, sizeof(m)) ? 11 : 0;
}

struct q_arg {
	int *sv;
	int fd;
};

static int orphan_q(void *arg)
{
	struct q_arg *q = arg;
	pid_t r;

	close(q->sv[0]);
	if (setns(q->fd, CLONE_NEWPID))
		return 1;
	r = pid_spawn(orphan_r, q->sv, false);
	return r < 0 || nsc_send_buf(q->sv[1], &r, sizeof(r)) ? 2 : 0;
}

static int outer_subreaper(int sock, void *arg)
{
	const struct target *t = arg;
	struct orphan_msg m = { -1, 0 };
	pid_t q, r = -1, who = -1;
	struct q_arg qa;
	int sv[2], rc;

	CHILD_ASSERT(!prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), "%m");
	CHILD_ASSERT(!socketpair(AF_UNIX, SOCK_STREAM, 0, sv), "%m");
	qa.sv = sv;
	qa.fd = t->fd;
	q = pid_spawn(orphan_q, &qa, true);
	CHILD_ASSERT(q > 0, "fork: %m");
	close(sv[1]);	/* Q and R hold it: EOF if both die */
	CHILD_ASSERT(nsc_recv_buf(sv[0], &r, sizeof(r)) == sizeof(r),
		     "no PID from Q: %m");
	CHILD_ASSERT(pid_reap(q) == 0, "Q failed");
	CHILD_ASSERT(!nsc_send_byte(sv[0], 'g'), "%m");
	CHILD_ASSERT(nsc_recv_buf(sv[0], &m, sizeof(m)) == sizeof(m), "%m");
	CHILD_ASSERT(m.ino == t->ino, "R is not in the target ns");
	CHILD_ASSERT(m.ppid == 0, "R's getppid() = %d", m.ppid);
	rc = pid_reap_who(-1, &who);
	CHILD_ASSERT(who == r && rc == 0,
		     "subreaper reaped %d (rc %d), expected R = %d: %m",
		     who, rc, r);
	return 0;
}

NSC_RULES(pid_14_setns_orphan_goes_to_outer_reaper, "PID-14");
TEST_F(nest, pid_14_setns_orphan_goes_to_outer_reaper)
{
	struct target t;

	start_parked(_metadata, self);
	t.fd = self->fd;
	t.ino = nsc_ns_ino(self->child.pid, "pid");
	ASSERT_CHILD_RUN(0, outer_subreaper, &t);
	finish_parked(_metadata, self);
}

/* Nesting: each level is the init of a new ns one deeper. */
struct depth {
	int start;	/* absolute level of the first process (from NSpid) */
	int deepest;	/* deepest level whose init ran */
	int fail_level;	/* level whose creation failed */
	int err;
	int not_init;	/* a level whose first process was not PID 1 */
};

static int descend(void *arg)
{
	struct depth *d = arg;
	int level = d->deepest;
	pid_t c;

	if (getpid() != 1) {
		d->not_init = level;
		return 1;
	}
	if (unshare(CLONE_NEWPID)) {
		d->fail_level = level + 1;
		d->err = errno;
		return 0;
	}
	d->deepest = level + 1;
	c = pid_spawn(descend, d, true);
	if (c < 0) {
		d->deepest = level;
		d->fail_level = level + 1;
		d->err = errno;
		return 0;
	}
	return pid_reap(c);
}

static int nest_to_limit(int sock, void *arg)
{
	struct depth *d = arg;
	pid_t c;

	CHILD_ASSERT(!nsc_unshare_userns_root(CLONE_NEWPID), "%m");
	d->deepest = d->start + 1;
	c = pid_spawn(descend, d, true);
	CHILD_ASSERT(c > 0, "%m");
	return pid_reap(c);
}

/* One run only (building 33 levels is the slowest thing in the suite):
 * in a fresh user ns, so root and unprivileged users run the same code;
 * the depth limit does not depend on the owner. */
NSC_RULES(pid_17_nesting_limit_32_enospc_at_33, "PID-17");
TEST(pid_17_nesting_limit_32_enospc_at_33)
{
	int level = nsc_pidns_level();
	struct depth *d;

	NSC_REQUIRE(nsc_need_userns());
	if (level < 0 && errno == ENODATA)
		SKIP(return, "not in the initial pid namespace, and /proc hides "
		     "the levels above it: the distance to the limit of 32 is "
		     "unknown");
	ASSERT_LE(0, level) TH_LOG("pid ns level: %m");
	d = mmap(NULL, sizeof(*d), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, d);
	memset(d, 0, sizeof(*d));
	d->start = level;
	ASSERT_CHILD_RUN(0, nest_to_limit, d);
	EXPECT_EQ(0, d->not_init) TH_LOG("level %d: first process not PID 1",
					 d->not_init);
	EXPECT_EQ(32, d->deepest);
	EXPECT_EQ(33, d->fail_level);
	EXPECT_EQ(ENOSPC, d->err) TH_LOG("level %d failed with %s",
					 d->fail_level, strerror(d->err));
	munmap(d, sizeof(*d));
}

/* Ancestor: init A opens its own ns, makes B below it; B's init tries
 * to setns() back into A. Both are owned by our user ns, so the only
 * reason to refuse is the hierarchy. */
static int setns_up(void *arg)
{
	int fd = *(int *)arg;

	if (getpid() != 1)
		return 10;
	errno = 0;
	if (setns(fd, CLONE_NEWPID) == 0)
		return 11;
	return errno == EINVAL ? 0 : 12;
}

static int init_with_nested(int sock, void *arg)
{
	int fd = nsc_ns_open(0, "pid"), rc;
	pid_t b;

	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	CHILD_ASSERT(fd >= 0, "%m");
	CHILD_ASSERT(!unshare(CLONE_NEWPID), "%m");
	b = pid_spawn(setns_up, &fd, true);
	CHILD_ASSERT(b > 0, "%m");
	rc = pid_reap(b);
	CHILD_ASSERT(rc == 0, "setns to the ancestor pid ns: check %d "
		     "(11 = allowed, 12 = wrong errno)", rc);
	return 0;
}

NSC_RULES(pid_18_setns_to_ancestor_einval, "PID-18");
TEST_F(nest, pid_18_setns_to_ancestor_einval)
{
	ASSERT_CHILD_RUN(CLONE_NEWPID, init_with_nested, NULL);
}

/* Sibling: K2 hands its ns fd to K1, K1 tries to enter it. */
static int sibling_k2(void *arg)
{
	int *sv = arg;
	int fd = nsc_ns_open(0, "pid");

	close(sv[1]);
	if (fd < 0 || nsc_send_fd(sv[0], fd))
		return 10;
	return nsc_recv_byte(sv[0]) == 'd' ? 0 : 11;
}

static int sibling_k1(void *arg)
{
	int *sv = arg;
	int fd, ok;

	close(sv[0]);
	fd = nsc_recv_fd(sv[1]);

	if (fd < 0 || getpid() != 1)
		return 20;
	errno = 0;
	ok = setns(fd, CLONE_NEWPID) == -1 && errno == EINVAL;
	nsc_send_byte(sv[1], 'd');
	return ok ? 0 : 21;
}

static int init_with_siblings(int sock, void *arg)
{
	pid_t k1, k2;
	int sv[2], rc1, rc2;

	CHILD_ASSERT(!socketpair(AF_UNIX, SOCK_STREAM, 0, sv), "%m");
	k2 = pid_clone3(CLONE_NEWPID, SIGCHLD, NULL, 0, NULL);
	if (k2 == 0)
		_exit(sibling_k2(sv));
	CHILD_ASSERT(k2 > 0, "%m");
	k1 = pid_clone3(CLONE_NEWPID, SIGCHLD, NULL, 0, NULL);
	if (k1 == 0)
		_exit(sibling_k1(sv));
	CHILD_ASSERT(k1 > 0, "%m");
	close(sv[0]);	/* only K1 and K2 hold the pair now */
	close(sv[1]);
	rc1 = pid_reap(k1);
	rc2 = pid_reap(k2);
	CHILD_ASSERT(rc1 == 0 && rc2 == 0, "K1 %d, K2 %d (21 = setns into a "
		     "sibling pid ns not refused with EINVAL)", rc1, rc2);
	return 0;
}

NSC_RULES(pid_18_setns_to_sibling_einval, "PID-18");
TEST_F(nest, pid_18_setns_to_sibling_einval)
{
	ASSERT_CHILD_RUN(CLONE_NEWPID, init_with_siblings, NULL);
}

static void *thread_fn(void *arg)
{
	int *p = arg;
	char c;

	if (p && read(p[0], &c, 1) < 0)
		return (void *)1;
	return NULL;
}

static int thread_after_unshare(int sock, void *arg)
{
	pthread_t th;
	pid_t c;
	int rc;

	CHILD_ASSERT(!unshare(CLONE_NEWPID), "%m");
	rc = pthread_create(&th, NULL, thread_fn, NULL);
	if (!rc)
		pthread_join(th, NULL);
	CHILD_ASSERT(rc == EINVAL, "pthread_create after unshare: %s",
		     strerror(rc));
	c = pid_spawn(is_init, NULL, true);
	CHILD_ASSERT(c > 0, "fork: %m");
	CHILD_ASSERT(pid_reap(c) == 0, "child is not PID 1 of a new ns");
	return 0;
}

NSC_RULES(pid_19_thread_after_unshare_einval, "PID-19");
TEST_F(nest, pid_19_thread_after_unshare_einval)
{
	ASSERT_CHILD_START(&self->child, 0, thread_after_unshare, NULL);
	ASSERT_CHILD_OK(&self->child);
}

static int thread_after_setns(int sock, void *arg)
{
	const struct target *t = arg;
	pthread_t th;
	int rc;

	CHILD_ASSERT(!setns(t->fd, CLONE_NEWPID), "%m");
	CHILD_ASSERT(nsc_ns_ino(0, "pid_for_children") == t->ino,
		     "setns did not take effect");
	rc = pthread_create(&th, NULL, thread_fn, NULL);
	if (!rc)
		pthread_join(th, NULL);
	CHILD_ASSERT(rc == EINVAL, "pthread_create after setns: %s",
		     strerror(rc));
	return 0;
}

NSC_RULES(pid_19_thread_after_setns_einval, "PID-19");
TEST_F(nest, pid_19_thread_after_setns_einval)
{
	struct nsc_child h = NSC_CHILD_INIT;
	struct target t;

	start_parked(_metadata, self);
	t.fd = self->fd;
	t.ino = nsc_ns_ino(self->child.pid, "pid");
	ASSERT_CHILD_START(&h, 0, thread_after_setns, &t);
	ASSERT_CHILD_OK(&h);
	finish_parked(_metadata, self);
}

static int init_makes_thread(int sock, void *arg)
{
	pthread_t th;
	void *ret = (void *)1;
	int rc;

	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	rc = pthread_create(&th, NULL, thread_fn, NULL);
	CHILD_ASSERT(rc == 0, "pthread_create in init: %s", strerror(rc));
	CHILD_ASSERT(!pthread_join(th, &ret) && ret == NULL, "join");
	return 0;
}

NSC_RULES(pid_19_init_can_create_threads, "PID-19");
TEST_F(nest, pid_19_init_can_create_threads)
{
	ASSERT_CHILD_START(&self->child, CLONE_NEWPID, init_makes_thread, NULL);
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	ASSERT_CHILD_OK(&self->child);
}

static int threaded_unshare(int sock, void *arg)
{
	pthread_t th;
	int p[2], rc;
	pid_t c;

	CHILD_ASSERT(!pipe(p), "%m");
	rc = pthread_create(&th, NULL, thread_fn, p);
	CHILD_ASSERT(rc == 0, "pthread_create: %s", strerror(rc));
	errno = 0;
	rc = unshare(CLONE_NEWPID);
	close(p[1]);
	pthread_join(th, NULL);
	CHILD_ASSERT(rc == 0, "unshare(CLONE_NEWPID) with two threads: %m");
	c = pid_spawn(is_init, NULL, true);
	CHILD_ASSERT(c > 0, "fork: %m");
	CHILD_ASSERT(pid_reap(c) == 0, "child is not PID 1 of a new ns");
	return 0;
}

NSC_RULES(pid_20_multithreaded_unshare_allowed, "PID-20");
TEST_F(nest, pid_20_multithreaded_unshare_allowed)
{
	ASSERT_CHILD_START(&self->child, 0, threaded_unshare, NULL);
	ASSERT_CHILD_OK(&self->child);
}

static int init_clone_parent(int sock, void *arg)
{
	pid_t c;

	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	errno = 0;
	c = pid_clone3(CLONE_PARENT, 0, NULL, 0, NULL);
	if (c == 0)
		_exit(0);
	CHILD_ASSERT(c == -1 && errno == EINVAL,
		     "clone3(CLONE_PARENT) from init: %d, errno %d", c, errno);
	return 0;
}

NSC_RULES(pid_21_init_cannot_clone_parent, "PID-21");
TEST_F(nest, pid_21_init_cannot_clone_parent)
{
	ASSERT_CHILD_START(&self->child, CLONE_NEWPID, init_clone_parent, NULL);
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	ASSERT_CHILD_OK(&self->child);
}

TEST_HARNESS_MAIN
