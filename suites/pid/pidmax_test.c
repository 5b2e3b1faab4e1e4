// SPDX-License-Identifier: GPL-2.0
/*
 * PID allocation per pid namespace: pid_max enforced inside a namespace and
 * bounded by its ancestors' (6.14), entering a pid namespace through
 * pid_for_children before it has an init, set_tid into such a namespace,
 * and the last PID of /proc/loadavg.
 * Source: kernel selftests pid_namespace/pid_max.c,
 * pid_namespace/pidns_init_via_setns.c, proc/proc-loadavg-001.c (newer
 * than man-pages 6.03, except loadavg: proc(5) › /proc/loadavg).
 */
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>

#include "nsc_harness.h"
#include "pid_util.h"

#define PID_MAX "/proc/sys/kernel/pid_max"
#define LAST_PID "/proc/sys/kernel/ns_last_pid"
#define LACKS_PIDMAX 77		/* exit code: the write was refused */
/* PID_MAX_LIMIT on 64-bit kernels (4 * 1024 * 1024) */
#define PID_MAX_LIMIT_64 4194304L

/* The smallest pid_max the kernel accepts: max(301, 8 * possible CPUs). */
static long pid_max_floor(void)
{
	char buf[256], *p = buf;
	long n = 0, lo, hi;

	if (nsc_read_file("/sys/devices/system/cpu/possible", buf, sizeof(buf)) <= 0)
		return -1;
	while (*p >= '0' && *p <= '9') {
		lo = strtol(p, &p, 10);
		hi = lo;
		if (*p == '-')
			hi = strtol(p + 1, &p, 10);
		n += hi - lo + 1;
		if (*p == ',')
			p++;
	}
	return n * 8 > 301 ? n * 8 : 301;
}

/* clone3 with set_tid; the child exits 0 when getpid() == tids[0]. */
static pid_t tid_clone(const pid_t *tids, size_t n)
{
	pid_t c = pid_clone3(0, SIGCHLD, tids, n, NULL);

	if (c == 0)
		_exit(getpid() == tids[0] ? 0 : 1);
	return c;
}

static int exit_zero(void *arg)
{
	return 0;
}

/* In the init of a fresh pid + mount ns: own /proc, pid_max := limit. */
static int own_proc_pid_max(long limit)
{
	long v;

	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	CHILD_ASSERT(!pid_mount_own_proc(), "mount proc: %m");
	if (nsc_write_long(PID_MAX, limit)) {
		if ((errno == EACCES || errno == EPERM) &&
		    !nsc_kernel_at_least(6, 14))
			return LACKS_PIDMAX;
		CHILD_ASSERT(0, "write pid_max %ld: %m", limit);
	}
	CHILD_ASSERT(!nsc_read_long(PID_MAX, &v), "%m");
	CHILD_ASSERT(v == limit, "pid_max reads %ld after writing %ld", v, limit);
	return 0;
}

/* arg: the limit L. No PID >= L in this ns. */
static int capped_init(void *arg)
{
	long lim = *(long *)arg;
	pid_t t[1], c;
	int rc = own_proc_pid_max(lim);

	if (rc)
		return rc;
	t[0] = lim;
	errno = 0;
	c = tid_clone(t, 1);
	CHILD_ASSERT(c == -1 && errno == EINVAL, "set_tid {%ld}: %d errno %d",
		     lim, c, errno);
	t[0] = lim - 1;
	c = tid_clone(t, 1);
	CHILD_ASSERT(c == lim - 1, "set_tid {%ld}: %d %m", lim - 1, c);
	CHILD_ASSERT(pid_reap(c) == 0, "child is not %ld", lim - 1);
	/* the next PID after L-1 wraps below L */
	CHILD_ASSERT(!nsc_write_long(LAST_PID, lim - 1), "ns_last_pid: %m");
	c = pid_spawn(exit_zero, NULL, true);
	CHILD_ASSERT(c > 1 && c < lim, "fork after PID %ld gave %d (%m)",
		     lim - 1, c);
	CHILD_ASSERT(pid_reap(c) == 0, "%m");
	return 0;
}

/* arg: O, the outer limit. An inner ns may set a higher pid_max for its
 * own numbers, but each process's number in the outer ns stays below O. */
static int inner_init(void *arg)
{
	long outer = *(long *)arg, inner = outer + 1000;
	pid_t t[2], c;
	int rc = own_proc_pid_max(inner);

	if (rc)
		return rc == LACKS_PIDMAX ? 2 : rc;
	t[0] = inner - 1;		/* >= outer, allowed at this level */
	c = tid_clone(t, 1);
	CHILD_ASSERT(c == inner - 1, "set_tid {%ld}: %d %m", inner - 1, c);
	CHILD_ASSERT(pid_reap(c) == 0, "child is not %ld", inner - 1);
	t[0] = inner - 2;
	t[1] = outer;			/* the outer ns's own limit */
	errno = 0;
	c = tid_clone(t, 2);
	CHILD_ASSERT(c == -1 && errno == EINVAL, "set_tid {%ld, %ld}: %d errno %d",
		     inner - 2, outer, c, errno);
	t[1] = outer - 1;
	c = tid_clone(t, 2);
	CHILD_ASSERT(c == inner - 2, "set_tid {%ld, %ld}: %d %m", inner - 2,
		     outer - 1, c);
	CHILD_ASSERT(pid_reap(c) == 0, "child is not %ld", inner - 2);
	return 0;
}

static int nested_init(void *arg)
{
	int rc = own_proc_pid_max(*(long *)arg);
	pid_t c;

	if (rc)
		return rc;
	CHILD_ASSERT(!unshare(CLONE_NEWPID | CLONE_NEWNS), "%m");
	c = pid_spawn(inner_init, arg, true);
	CHILD_ASSERT(c > 0, "fork: %m");
	rc = pid_reap(c);
	CHILD_ASSERT(rc == 0, "inner init failed (%d)", rc);
	return 0;
}

/* A fresh ns below one with pid_max O reads the kernel's limit, not O. */
static int fresh_inner(void *arg)
{
	long v;

	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	CHILD_ASSERT(!pid_mount_own_proc(), "mount proc: %m");
	CHILD_ASSERT(!nsc_read_long(PID_MAX, &v), "%m");
	CHILD_ASSERT(v == PID_MAX_LIMIT_64, "a new ns starts at pid_max %ld", v);
	return 0;
}

static int fresh_below_capped(void *arg)
{
	int rc = own_proc_pid_max(*(long *)arg);
	pid_t c;

	if (rc)
		return rc;
	CHILD_ASSERT(!unshare(CLONE_NEWPID | CLONE_NEWNS), "%m");
	c = pid_spawn(fresh_inner, NULL, true);
	CHILD_ASSERT(c > 0, "fork: %m");
	rc = pid_reap(c);
	CHILD_ASSERT(rc == 0, "inner init failed (%d)", rc);
	return 0;
}

/*
 * As uid 65534 (a uid that cannot write the global sysctl on a kernel
 * without per-namespace pid_max), in a user ns of its own, new pid and
 * mount namespaces; arg->fn runs as their init.
 */
struct capped {
	int (*fn)(void *);
	long limit;
};

static int run_capped(int sock, void *arg)
{
	struct capped *a = arg;
	pid_t c;
	int rc;

	if (pid_own_userns_unprivileged())
		return 1;
	CHILD_ASSERT(!nsc_unshare_checked(CLONE_NEWNS | CLONE_NEWPID), "%m");
	c = pid_spawn(a->fn, &a->limit, true);
	CHILD_ASSERT(c > 0, "fork: %m");
	rc = pid_reap(c);
	if (rc == LACKS_PIDMAX)
		CHILD_SKIP("kernel lacks per-namespace pid_max (write refused), 6.14+");
	CHILD_ASSERT(rc == 0, "the namespace's init failed (%d)", rc);
	return 0;
}

static void run_capped_test(struct __test_metadata *_metadata,
			    int (*fn)(void *))
{
	struct capped a = { .fn = fn };
	long host0, host1;

	NSC_REQUIRE(nsc_need_userns());
	if (access(LAST_PID, F_OK) && errno == ENOENT)
		SKIP(return, "kernel lacks CONFIG_CHECKPOINT_RESTORE (no ns_last_pid)");
	a.limit = pid_max_floor();
	ASSERT_LT(0, a.limit) TH_LOG("/sys/devices/system/cpu/possible: %m");
	a.limit += 100;
	ASSERT_EQ(0, nsc_read_long(PID_MAX, &host0)) TH_LOG("%m");
	ASSERT_CHILD_RUN(0, run_capped, &a);
	ASSERT_EQ(0, nsc_read_long(PID_MAX, &host1)) TH_LOG("%m");
	EXPECT_EQ(host0, host1) TH_LOG("the host's pid_max changed");
}

NSC_RULES(pid_37_pid_max_enforced_in_ns, "PID-37");
TEST(pid_37_pid_max_enforced_in_ns)
{
	run_capped_test(_metadata, capped_init);
}

NSC_RULES(pid_38_ancestor_pid_max_caps_nested_ns, "PID-38");
TEST(pid_38_ancestor_pid_max_caps_nested_ns)
{
	run_capped_test(_metadata, nested_init);
}

NSC_RULES(pid_42_new_ns_pid_max_starts_at_kernel_limit, "PID-42");
TEST(pid_42_new_ns_pid_max_starts_at_kernel_limit)
{
	NSC_REQUIRE(sizeof(long) == 8 ? NULL : "PID_MAX_LIMIT differs on 32-bit");
	run_capped_test(_metadata, fresh_below_capped);
}

/* ---- entering a pid namespace that has no init yet ---- */

FIXTURE(setns_init) {
	struct nsc_child child;
	ino_t my_pidns;
};

FIXTURE_VARIANT(setns_init) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(setns_init);

FIXTURE_SETUP(setns_init)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
	self->my_pidns = nsc_ns_ino(0, "pid");
	ASSERT_NE((ino_t)0, self->my_pidns) TH_LOG("stat ns/pid: %m");
}

FIXTURE_TEARDOWN(setns_init)
{
	nsc_child_kill(&self->child);
}

/* Until the kernel let pid_for_children be opened before the namespace
 * has a process, the open failed ENOENT (PID-03). */
#define SKIP_NO_EARLY_PFC "kernel lacks pid_for_children before the first process (ENOENT)"

static int unshare_pid_park(int sock, void *arg)
{
	CHILD_ASSERT(!unshare(CLONE_NEWPID), "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

static int am_init(void *arg)
{
	long v[40];
	int n = pid_status_vals("/proc", 0, "NSpid", v, 40);

	CHILD_ASSERT(getpid() == 1, "first process has PID %d", getpid());
	CHILD_ASSERT(n >= 2 && v[n - 1] == 1, "NSpid: %d values, last %ld", n,
		     n > 0 ? v[n - 1] : -1);
	return 0;
}

NSC_RULES(pid_39_setns_before_init_first_fork_is_pid1, "PID-39");
TEST_F(setns_init, pid_39_setns_before_init_first_fork_is_pid1)
{
	struct nsc_nsid ns, cpid;
	pid_t d, me = getpid();
	char path[64];
	int fd;

	ASSERT_CHILD_START(&self->child, 0, unshare_pid_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	fd = open(nsc_proc_path(path, sizeof(path), self->child.pid,
				"ns/pid_for_children"), O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		SKIP(return, SKIP_NO_EARLY_PFC);
	ASSERT_LE(0, fd) TH_LOG("open %s: %m", path);
	/* a new ns: neither ours nor the unsharer's own */
	ASSERT_EQ(0, nsc_ns_fstat(fd, &ns)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_ns_stat(self->child.pid, "pid", &cpid)) TH_LOG("%m");
	ASSERT_NE(self->my_pidns, ns.ino);
	ASSERT_FALSE(nsc_nsid_eq(&ns, &cpid));
	ASSERT_EQ(0, setns(fd, CLONE_NEWPID)) TH_LOG("setns: %m");
	close(fd);
	EXPECT_EQ(me, getpid());
	EXPECT_EQ(self->my_pidns, nsc_ns_ino(0, "pid"));
	d = pid_spawn(am_init, NULL, true);
	ASSERT_LT(0, d) TH_LOG("fork into the setns'd ns: %m");
	ASSERT_EQ(ns.ino, nsc_ns_ino(d, "pid"));
	EXPECT_EQ(0, pid_reap(d));
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

static const pid_t tids_1_1001[2] = { 1, 1001 };

static int set_tid_grandchild(void)
{
	long v[40];
	int n = pid_status_vals("/proc", 0, "NSpid", v, 40);

	if (getpid() != 1 || n < 3 || v[n - 1] != 1 || v[n - 2] != 1001)
		return 1;
	return 0;
}

/* arg: the socket the wrapper sends the inner ns on. */
static int set_tid_joiner(void *arg)
{
	int sock = *(int *)arg, fd, rc;
	ino_t owner, mine = nsc_ns_ino(0, "user");
	pid_t g;

	fd = nsc_recv_fd(sock);
	CHILD_ASSERT(fd >= 0, "receiving pid_for_children: %m");
	rc = ioctl(fd, NS_GET_USERNS);
	CHILD_ASSERT(rc >= 0, "NS_GET_USERNS: %m");
	owner = 0;
	{
		struct nsc_nsid id;

		CHILD_ASSERT(!nsc_ns_fstat(rc, &id), "%m");
		owner = id.ino;
	}
	close(rc);
	CHILD_ASSERT(mine && owner != mine, "the ns is owned by our user ns");
	CHILD_ASSERT(!setns(fd, CLONE_NEWPID), "setns: %m");
	close(fd);
	g = pid_clone3(0, SIGCHLD, tids_1_1001, 2, NULL);
	if (g == 0)
		_exit(set_tid_grandchild());
	CHILD_ASSERT(g > 0, "clone3(set_tid {1, 1001}): %m");
	rc = pid_reap(g);
	CHILD_ASSERT(rc == 0, "grandchild's NSpid does not end in 1001 1 (%d)", rc);
	return 0;
}

/* PID 1 of a fresh ns, so that 1001 is free here. */
static int set_tid_wrapper(int sock, void *arg)
{
	int sv[2], fd, rc;
	pid_t c;

	CHILD_ASSERT(getpid() == 1, "wrapper has PID %d", getpid());
	CHILD_ASSERT(!socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), "%m");
	c = pid_spawn(set_tid_joiner, &sv[1], true);
	CHILD_ASSERT(c > 0, "fork: %m");
	/* the inner ns gets an owner of its own */
	CHILD_ASSERT(!unshare(CLONE_NEWUSER), "%m");
	CHILD_ASSERT(!unshare(CLONE_NEWPID), "%m");
	fd = open("/proc/self/ns/pid_for_children", O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		kill(c, SIGKILL);
		pid_reap(c);
		CHILD_SKIP(SKIP_NO_EARLY_PFC);
	}
	CHILD_ASSERT(fd >= 0, "open pid_for_children: %m");
	CHILD_ASSERT(!nsc_send_fd(sv[0], fd), "%m");
	rc = pid_reap(c);
	CHILD_ASSERT(rc == 0, "joiner failed (%d)", rc);
	return 0;
}

NSC_RULES(pid_40_set_tid_into_initless_ns_of_other_owner, "PID-40");
TEST_F(setns_init, pid_40_set_tid_into_initless_ns_of_other_owner)
{
	ASSERT_CHILD_START(&self->child, CLONE_NEWPID, set_tid_wrapper, NULL);
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	ASSERT_CHILD_OK(&self->child);
}

/* ---- /proc/loadavg ---- */

/* The fifth field of /proc/loadavg: the last PID of the reader's ns. */
static long loadavg_last_pid(void)
{
	char buf[256];
	char *p;

	if (nsc_read_file("/proc/loadavg", buf, sizeof(buf)) <= 0)
		return -1;
	p = strrchr(buf, ' ');
	return p ? strtol(p + 1, NULL, 10) : -1;
}

struct lavg {
	int forks;	/* children to fork before reading */
	bool park;	/* then wait for the sibling and read again */
};

static int loadavg_in_ns(int sock, void *arg)
{
	const struct lavg *a = arg;
	long last, want = a->forks + 1;

	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	for (int i = 0; i < a->forks; i++) {
		pid_t c = pid_spawn(exit_zero, NULL, true);

		CHILD_ASSERT(c == i + 2, "fork %d gave PID %d: %m", i, c);
		CHILD_ASSERT(pid_reap(c) == 0, "%m");
	}
	/* read through the procfs inherited from the outer ns */
	last = loadavg_last_pid();
	CHILD_ASSERT(last == want, "loadavg last pid %ld, want %ld", last, want);
	if (!a->park)
		return 0;
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	CHILD_ASSERT(nsc_recv_byte(sock) == 'x', "%m");
	last = loadavg_last_pid();
	CHILD_ASSERT(last == want, "after a sibling ns forked: %ld", last);
	return 0;
}

NSC_RULES(pid_41_loadavg_last_pid_per_ns, "PID-41");
TEST_F(setns_init, pid_41_loadavg_last_pid_per_ns)
{
	struct lavg a = { .forks = 3, .park = true }, b = { .forks = 1 };

	ASSERT_CHILD_START(&self->child, CLONE_NEWPID, loadavg_in_ns, &a);
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	/* a sibling ns: its own counter, and ours does not move A's */
	ASSERT_CHILD_RUN(CLONE_NEWPID, loadavg_in_ns, &b);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

TEST_HARNESS_MAIN
