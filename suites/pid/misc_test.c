// SPDX-License-Identifier: GPL-2.0
/*
 * PID namespaces: ns_last_pid, clone3 set_tid, SCM_CREDENTIALS, reboot(),
 * pid_max, and the nsfs ioctls on pid namespaces.
 * Source: pid_namespaces(7) (/proc files, Miscellaneous, The namespace
 * init process), clone(2) (The set_tid array), reboot(2), ioctl_ns(2),
 * capabilities(7); NS_GET_PID_* and per-ns pid_max are newer than
 * man-pages 6.03.
 */
#include <linux/reboot.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/capability.h>
#include <sys/socket.h>

#include "nsc_harness.h"
#include "pid_util.h"

#define PROC_USER_INIT_INO 4026531837UL
#define MAX_TIDS 40

FIXTURE(misc) {
	struct nsc_child child;
	ino_t my_pidns;
};

FIXTURE_VARIANT(misc) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(misc);

FIXTURE_SETUP(misc)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
	self->my_pidns = nsc_ns_ino(0, "pid");
	ASSERT_NE((ino_t)0, self->my_pidns) TH_LOG("stat /proc/self/ns/pid: %m");
}

FIXTURE_TEARDOWN(misc)
{
	nsc_child_kill(&self->child);
}

static int exit_zero(void *arg)
{
	return 0;
}

static int is_pid(void *arg)
{
	return getpid() == *(pid_t *)arg ? 0 : 1;
}

static int last_pid_inside(int sock, void *arg)
{
	pid_t m, want = 301;
	long v;

	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	CHILD_ASSERT(!pid_mount_own_proc(), "mount proc: %m");
	m = pid_spawn(exit_zero, NULL, true);
	CHILD_ASSERT(m == 2, "fork: %d %m", m);
	CHILD_ASSERT(pid_reap(m) == 0, "member failed");
	/* the value belongs to this ns: the host's would be far larger */
	CHILD_ASSERT(!nsc_read_long("/proc/sys/kernel/ns_last_pid", &v), "%m");
	CHILD_ASSERT(v == 2, "ns_last_pid = %ld after PIDs 1 and 2", v);
	CHILD_ASSERT(!nsc_write_long("/proc/sys/kernel/ns_last_pid", 300),
		     "write ns_last_pid: %m");
	m = pid_spawn(is_pid, &want, true);
	CHILD_ASSERT(m == 301, "fork after ns_last_pid=300 gave %d: %m", m);
	CHILD_ASSERT(pid_reap(m) == 0, "child does not see itself as 301");
	CHILD_ASSERT(!nsc_read_long("/proc/sys/kernel/ns_last_pid", &v), "%m");
	CHILD_ASSERT(v == 301, "ns_last_pid = %ld", v);
	return 0;
}

NSC_RULES(pid_24_ns_last_pid_per_ns, "PID-24");
TEST_F(misc, pid_24_ns_last_pid_per_ns)
{
	if (access("/proc/sys/kernel/ns_last_pid", F_OK) && errno == ENOENT)
		SKIP(return, "kernel lacks CONFIG_CHECKPOINT_RESTORE "
			     "(no /proc/sys/kernel/ns_last_pid)");
	ASSERT_CHILD_START(&self->child, CLONE_NEWPID | CLONE_NEWNS,
			   last_pid_inside, NULL);
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	ASSERT_CHILD_OK(&self->child);
}

/* clone3 with set_tid; the child exits 0 when getpid() == tids[0]. */
static pid_t set_tid_clone(uint64_t flags, const pid_t *tids, size_t n)
{
	pid_t c = pid_clone3(flags, SIGCHLD, tids, n, NULL);

	if (c == 0)
		_exit(getpid() == tids[0] ? 0 : 1);
	return c;
}

/* SKIP reason when clone3 or set_tid is missing, else NULL. */
static const char *set_tid_probe(void)
{
	pid_t one = 1;
	pid_t c = set_tid_clone(CLONE_NEWPID, &one, 1);

	if (c > 0) {
		pid_reap(c);
		return NULL;
	}
	if (errno == ENOSYS)
		return "kernel lacks clone3 (ENOSYS)";
	if (errno == E2BIG)
		return "kernel lacks clone3 set_tid (E2BIG for the 88-byte args)";
	return NULL;
}

static int init_picks_pid(int sock, void *arg)
{
	pid_t seven = 7, c;

	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	c = set_tid_clone(0, &seven, 1);
	CHILD_ASSERT(c == 7, "set_tid {7} gave %d: %m", c);
	CHILD_ASSERT(pid_reap(c) == 0, "child does not see itself as 7");
	return 0;
}

NSC_RULES(pid_25_set_tid_picks_pid_per_level, "PID-25");
NSC_REQUIRES(pid_25_set_tid_picks_pid_per_level, NSC_PROBE(set_tid_probe));
TEST_F(misc, pid_25_set_tid_picks_pid_per_level)
{
	pid_t one = 1, c;

	c = set_tid_clone(CLONE_NEWPID, &one, 1);
	ASSERT_LT(0, c) TH_LOG("clone3(NEWPID, set_tid {1}): %m");
	ASSERT_EQ(0, pid_reap(c)) TH_LOG("init is not PID 1");
	ASSERT_CHILD_RUN(CLONE_NEWPID, init_picks_pid, NULL);
}

static int set_tid_errors_inside(int sock, void *arg)
{
	pid_t tids[MAX_TIDS], one = 1, c;
	int n;

	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	errno = 0;
	c = set_tid_clone(0, &one, 1);
	CHILD_ASSERT(c == -1 && errno == EEXIST,
		     "set_tid {1} while init lives: %d, errno %d", c, errno);
	/* one entry per level is allowed; one more is too many. The
	 * levels are counted from the initial pid ns: inside a container
	 * whose /proc hides the levels above it, that count is unknown. */
	n = nsc_pidns_level();
	if (n < 0 && errno == ENODATA)
		CHILD_SKIP("not in the initial pid namespace, and /proc hides "
			   "the levels above it: set_tid's length limit (one "
			   "entry per level) cannot be placed");
	CHILD_ASSERT(n >= 1, "pid ns level %d: %m", n);
	n++;	/* entries: one per level, the initial one included */
	CHILD_ASSERT(n < MAX_TIDS, "pid ns level %d", n - 1);
	for (int i = 0; i <= n; i++)
		tids[i] = 400 + i;
	errno = 0;
	c = set_tid_clone(0, tids, n + 1);
	CHILD_ASSERT(c == -1 && errno == EINVAL,
		     "set_tid_size %d at depth %d: %d, errno %d", n + 1, n, c,
		     errno);
	return 0;
}

NSC_RULES(pid_25_set_tid_in_use_and_too_long, "PID-25");
NSC_REQUIRES(pid_25_set_tid_in_use_and_too_long, NSC_PROBE(set_tid_probe));
TEST_F(misc, pid_25_set_tid_in_use_and_too_long)
{
	ASSERT_CHILD_RUN(CLONE_NEWPID, set_tid_errors_inside, NULL);
}

NSC_RULES(pid_25_set_tid_no_init_yet_einval, "PID-25");
NSC_REQUIRES(pid_25_set_tid_no_init_yet_einval, NSC_PROBE(set_tid_probe));
TEST_F(misc, pid_25_set_tid_no_init_yet_einval)
{
	pid_t five = 5, c;

	errno = 0;
	c = set_tid_clone(CLONE_NEWPID, &five, 1);
	if (c > 0)
		pid_reap(c);
	ASSERT_EQ(-1, c) TH_LOG("set_tid {5} for a new ns's first process");
	ASSERT_EQ(EINVAL, errno) TH_LOG("%m");
}

static int set_tid_without_cap(int sock, void *arg)
{
	pid_t tid = getppid(), c;

	/* root of a new user ns has no capability over the pid ns we live
	 * in (owned by an ancestor user ns) */
	CHILD_ASSERT(!unshare(CLONE_NEWUSER), "%m");
	errno = 0;
	c = set_tid_clone(0, &tid, 1);
	if (c > 0)
		pid_reap(c);
	CHILD_ASSERT(c == -1 && errno == EPERM,
		     "set_tid without CAP_CHECKPOINT_RESTORE: %d, errno %d",
		     c, errno);
	return 0;
}

NSC_RULES(pid_25_set_tid_needs_cap_eperm, "PID-25");
NSC_REQUIRES(pid_25_set_tid_needs_cap_eperm, NSC_PROBE(set_tid_probe));
TEST_F(misc, pid_25_set_tid_needs_cap_eperm)
{
	ASSERT_CHILD_RUN(0, set_tid_without_cap, NULL);
}

/* Receives one datagram and returns the SCM_CREDENTIALS pid, -1 if none. */
static pid_t recv_cred_pid(int fd)
{
	char cbuf[CMSG_SPACE(sizeof(struct ucred))], byte;
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	struct ucred uc;

	if (recvmsg(fd, &msg, 0) != 1)
		return -1;
	for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
		if (cm->cmsg_level == SOL_SOCKET &&
		    cm->cmsg_type == SCM_CREDENTIALS) {
			memcpy(&uc, CMSG_DATA(cm), sizeof(uc));
			return uc.pid;
		}
	}
	return -1;
}

static int creds_inside(int sock, void *arg)
{
	int fd = *(int *)arg, on = 1;
	pid_t got;

	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	CHILD_ASSERT(!setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)),
		     "%m");
	CHILD_ASSERT(send(fd, "i", 1, 0) == 1, "%m");
	got = recv_cred_pid(fd);
	CHILD_ASSERT(got == 0, "outer sender seen as PID %d inside", got);
	return 0;
}

NSC_RULES(pid_26_scm_credentials_pid_translated, "PID-26");
TEST_F(misc, pid_26_scm_credentials_pid_translated)
{
	int sv[2], on = 1;
	pid_t got;

	/* seqpacket: the child's death is an EOF, never a hang */
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv));
	ASSERT_EQ(0, setsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)));
	ASSERT_CHILD_START(&self->child, CLONE_NEWPID, creds_inside, &sv[1]);
	close(sv[1]);
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	got = recv_cred_pid(sv[0]);
	EXPECT_EQ(self->child.pid, got)
		TH_LOG("inner sender (init, PID 1 inside) seen as %d", got);
	ASSERT_EQ(1, send(sv[0], "o", 1, 0)) TH_LOG("%m");
	ASSERT_CHILD_OK(&self->child);
	close(sv[0]);
}

static int parent_of_ns(int sock, void *arg)
{
	ino_t outer = *(ino_t *)arg;
	int fd;

	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	fd = nsc_ns_open(0, "pid");
	CHILD_ASSERT(fd >= 0, "%m");
	CHILD_ASSERT(nsc_ns_ino(0, "pid") != outer, "not in a new pid ns");
	errno = 0;
	CHILD_ASSERT(ioctl(fd, NS_GET_PARENT) == -1 && errno == EPERM,
		     "NS_GET_PARENT on our own pid ns: errno %d", errno);
	close(fd);
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

NSC_RULES(pid_31_ns_get_parent_of_pidns, "PID-31");
TEST_F(misc, pid_31_ns_get_parent_of_pidns)
{
	struct nsc_nsid mine, par;
	int fd, pfd;

	ASSERT_CHILD_START(&self->child, CLONE_NEWPID, parent_of_ns,
			   &self->my_pidns);
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	fd = nsc_ns_open(self->child.pid, "pid");
	ASSERT_LE(0, fd) TH_LOG("%m");
	pfd = ioctl(fd, NS_GET_PARENT);
	ASSERT_LE(0, pfd) TH_LOG("NS_GET_PARENT: %m");
	ASSERT_EQ(0, nsc_ns_fstat(pfd, &par));
	ASSERT_EQ(0, nsc_ns_stat(0, "pid", &mine));
	EXPECT_TRUE(nsc_nsid_eq(&mine, &par));
	close(pfd);
	close(fd);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

static int park(int sock, void *arg)
{
	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

NSC_RULES(pid_30_ns_get_pid_translations, "PID-30");
TEST_F(misc, pid_30_ns_get_pid_translations)
{
	int fd, r;

	ASSERT_CHILD_START(&self->child, CLONE_NEWPID, park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	fd = nsc_ns_open(self->child.pid, "pid");
	ASSERT_LE(0, fd) TH_LOG("%m");
	r = ioctl(fd, NS_GET_PID_FROM_PIDNS, 1);
	if (r < 0 && errno == ENOTTY) {
		close(fd);
		SKIP(return, "kernel lacks NS_GET_PID_FROM_PIDNS (ENOTTY)");
	}
	EXPECT_EQ(self->child.pid, r) TH_LOG("PID 1 of the child ns: %m");
	EXPECT_EQ(self->child.pid, ioctl(fd, NS_GET_TGID_FROM_PIDNS, 1));
	EXPECT_EQ(1, ioctl(fd, NS_GET_PID_IN_PIDNS, self->child.pid))
		TH_LOG("%m");
	EXPECT_EQ(1, ioctl(fd, NS_GET_TGID_IN_PIDNS, self->child.pid));
	/* we are not visible in the child ns */
	errno = 0;
	EXPECT_EQ(-1, ioctl(fd, NS_GET_PID_IN_PIDNS, getpid()));
	EXPECT_EQ(ESRCH, errno);
	/* no PID 2 there */
	errno = 0;
	EXPECT_EQ(-1, ioctl(fd, NS_GET_PID_FROM_PIDNS, 2));
	EXPECT_EQ(ESRCH, errno);
	close(fd);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/* ---- reboot(): only ever inside a user ns that owns the pid ns ---- */

FIXTURE(reboot) {
	struct nsc_child child;
	ino_t host_pidns;
};

FIXTURE_VARIANT(reboot) {
	unsigned int cmd;
	int sig;
};

FIXTURE_VARIANT_ADD(reboot, restart) { LINUX_REBOOT_CMD_RESTART, SIGHUP };
FIXTURE_VARIANT_ADD(reboot, restart2) { LINUX_REBOOT_CMD_RESTART2, SIGHUP };
FIXTURE_VARIANT_ADD(reboot, power_off) { LINUX_REBOOT_CMD_POWER_OFF, SIGINT };
FIXTURE_VARIANT_ADD(reboot, halt) { LINUX_REBOOT_CMD_HALT, SIGINT };

FIXTURE_SETUP(reboot)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_REQUIRE(nsc_need_userns());
	self->host_pidns = nsc_ns_ino(0, "pid");
	ASSERT_NE((ino_t)0, self->host_pidns);
	ASSERT_EQ(0, nsc_unshare_userns_root(0)) TH_LOG("%m");
	ASSERT_NE(PROC_USER_INIT_INO, nsc_ns_ino(0, "user"))
		TH_LOG("still in the initial user ns");
}

FIXTURE_TEARDOWN(reboot)
{
	nsc_child_kill(&self->child);
}

struct reboot_arg {
	ino_t host_pidns;
	unsigned int cmd;
	bool drop_cap;
};

/* The guard: the call may run only as PID 1 of a pid ns other than the
 * host's, in a user ns other than the initial one. Outside that, it
 * would at worst get EPERM, but we never make it. */
static int guarded_reboot(int sock, void *arg)
{
	const struct reboot_arg *a = arg;
	ino_t me = nsc_ns_ino(0, "pid"), user = nsc_ns_ino(0, "user");
	long r;

	CHILD_ASSERT(getpid() == 1, "not PID 1 (%d): refusing reboot()",
		     getpid());
	CHILD_ASSERT(me && me != a->host_pidns, "pid ns not new: refusing");
	CHILD_ASSERT(user && user != PROC_USER_INIT_INO,
		     "initial user ns: refusing");
	if (a->drop_cap)
		CHILD_ASSERT(!nsc_cap_drop_effective(CAP_SYS_BOOT), "%m");
	errno = 0;
	r = syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
		    a->cmd, "");
	return r == -1 ? (errno & 0x7f) : 100;
}

NSC_RULES(pid_27_reboot_kills_ns_init_with_signal, "PID-27");
TEST_F(reboot, pid_27_reboot_kills_ns_init_with_signal)
{
	struct reboot_arg a = { self->host_pidns, variant->cmd, false };
	int rc;

	ASSERT_CHILD_START(&self->child, CLONE_NEWPID, guarded_reboot, &a);
	rc = nsc_child_wait(&self->child);
	ASSERT_EQ(128 + variant->sig, rc)
		TH_LOG("reboot(%#x) in a pid ns: wait code %d (below 128: the "
		       "call failed with that errno)", variant->cmd, rc);
}

/* Single-run reboot() claims: a fresh user ns first, as in the fixture. */
#define ENTER_REBOOT_USERNS(a) do { \
	NSC_REQUIRE(nsc_need_userns()); \
	(a)->host_pidns = nsc_ns_ino(0, "pid"); \
	ASSERT_NE((ino_t)0, (a)->host_pidns); \
	ASSERT_EQ(0, nsc_unshare_userns_root(0)) TH_LOG("%m"); \
	ASSERT_NE(PROC_USER_INIT_INO, nsc_ns_ino(0, "user")); \
} while (0)

NSC_RULES(pid_27_reboot_other_cmd_einval, "PID-27");
TEST(pid_27_reboot_other_cmd_einval)
{
	struct reboot_arg a = { 0, LINUX_REBOOT_CMD_CAD_ON, false };
	struct nsc_child c = NSC_CHILD_INIT;

	ENTER_REBOOT_USERNS(&a);
	ASSERT_CHILD_START(&c, CLONE_NEWPID, guarded_reboot, &a);
	ASSERT_EQ(EINVAL, nsc_child_wait(&c));
}

NSC_RULES(pid_27_reboot_needs_cap_sys_boot, "PID-27");
TEST(pid_27_reboot_needs_cap_sys_boot)
{
	struct reboot_arg a = { 0, LINUX_REBOOT_CMD_RESTART, true };
	struct nsc_child c = NSC_CHILD_INIT;

	ENTER_REBOOT_USERNS(&a);
	ASSERT_CHILD_START(&c, CLONE_NEWPID, guarded_reboot, &a);
	ASSERT_EQ(EPERM, nsc_child_wait(&c));
}

/* ---- pid_max ---- */

static int pid_max_inner(void *arg)
{
	long *out = arg;

	if (getpid() != 1)
		return 10;
	if (pid_mount_own_proc())
		return 11;
	if (nsc_read_long("/proc/sys/kernel/pid_max", &out[0]))
		return 12;
	if (nsc_write_long("/proc/sys/kernel/pid_max", 5000)) {
		out[2] = errno;
		return 13;
	}
	if (nsc_read_long("/proc/sys/kernel/pid_max", &out[1]))
		return 14;
	return 0;
}

static int pid_max_as_nobody(int sock, void *arg)
{
	long *out = arg;
	pid_t c;
	int rc;

	/* never as a uid that could write the global sysctl on a kernel
	 * without per-ns pid_max */
	if (pid_own_userns_unprivileged())
		return 1;
	CHILD_ASSERT(!unshare(CLONE_NEWNS | CLONE_NEWPID), "%m");
	c = pid_spawn(pid_max_inner, out, true);
	CHILD_ASSERT(c > 0, "%m");
	rc = pid_reap(c);
	/* a release we cannot read must not turn into a SKIP: fail closed
	 * (nsc_kernel_at_least(0, 0) is false only then) */
	CHILD_ASSERT(nsc_kernel_at_least(0, 0), "cannot parse the kernel release");
	if (rc == 13 && (out[2] == EACCES || out[2] == EPERM) &&
	    !nsc_kernel_at_least(6, 14))
		CHILD_SKIP("kernel lacks per-namespace pid_max (write: %s)",
			   strerror(out[2]));
	CHILD_ASSERT(rc == 0, "step %d failed (12 read, 13 write: %s)", rc,
		     strerror(out[2]));
	return 0;
}

NSC_RULES(pid_29_pid_max_per_ns, "PID-29");
NSC_REQUIRES(pid_29_pid_max_per_ns, NSC_USERNS);
TEST(pid_29_pid_max_per_ns)
{
	struct nsc_child c = NSC_CHILD_INIT;
	long host0, host1, *out;

	out = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, out);
	ASSERT_EQ(0, nsc_read_long("/proc/sys/kernel/pid_max", &host0));
	ASSERT_CHILD_START(&c, 0, pid_max_as_nobody, out);
	ASSERT_CHILD_OK(&c);
	ASSERT_EQ(0, nsc_read_long("/proc/sys/kernel/pid_max", &host1));
	TH_LOG("pid_max: host %ld, new ns started at %ld", host0, out[0]);
	EXPECT_EQ(5000, out[1]);
	EXPECT_EQ(host0, host1) TH_LOG("the host's pid_max changed");
	munmap(out, 4096);
}

TEST_HARNESS_MAIN
