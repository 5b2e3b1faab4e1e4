// SPDX-License-Identifier: GPL-2.0
/*
 * PID namespaces: the namespace init. First PIDs, getppid() of init,
 * adoption of orphans, what happens when init dies, signals to init.
 * Source: pid_namespaces(7) (The namespace init process, Adoption of
 * orphaned children, Nesting PID namespaces).
 */
#include <sys/socket.h>

#include "nsc_harness.h"
#include "pid_util.h"

FIXTURE(init) {
	struct nsc_child child;
	ino_t my_pidns;
	pid_t ours[2];		/* pid_07: our children inside the init's ns */
};

FIXTURE_VARIANT(init) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(init);

FIXTURE_SETUP(init)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	self->ours[0] = self->ours[1] = -1;
	NSC_ENTER_PRIV(variant->priv);
	self->my_pidns = nsc_ns_ino(0, "pid");
	ASSERT_NE((ino_t)0, self->my_pidns) TH_LOG("stat /proc/self/ns/pid: %m");
}

FIXTURE_TEARDOWN(init)
{
	/* first: a dying init waits until every zombie of its ns is reaped */
	for (int i = 0; i < 2; i++) {
		if (self->ours[i] > 0) {
			kill(self->ours[i], SIGKILL);
			waitpid(self->ours[i], NULL, 0);
		}
	}
	nsc_child_kill(&self->child);
}

/* Start the init child, check from outside that it is in a new pid ns,
 * then let it run its claim and collect the verdict. */
static void run_init(struct __test_metadata *_metadata,
		     FIXTURE_DATA(init) *self, nsc_child_fn fn, void *arg)
{
	ASSERT_CHILD_START(&self->child, CLONE_NEWPID, fn, arg);
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	ASSERT_EQ(self->my_pidns, nsc_ns_ino(0, "pid"));
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'g'));
	ASSERT_CHILD_OK(&self->child);
}

static int exit_with_pid(void *arg)
{
	return getpid() & 0xff;
}

static int first_pids(int sock, void *arg)
{
	pid_t a, b;

	CHILD_ASSERT(nsc_recv_byte(sock) == 'g', "no go-ahead");
	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	a = pid_spawn(exit_with_pid, NULL, false);
	CHILD_ASSERT(a == 2, "second process got PID %d: %m", a);
	CHILD_ASSERT(pid_reap(a) == 2, "it does not see itself as 2");
	b = pid_spawn(exit_with_pid, NULL, false);
	CHILD_ASSERT(b == 3, "third process got PID %d: %m", b);
	CHILD_ASSERT(pid_reap(b) == 3, "it does not see itself as 3");
	return 0;
}

NSC_RULES(pid_01_first_process_is_pid_1, "PID-01");
TEST_F(init, pid_01_first_process_is_pid_1)
{
	run_init(_metadata, self, first_pids, NULL);
}

static int init_ppid(int sock, void *arg)
{
	CHILD_ASSERT(nsc_recv_byte(sock) == 'g', "no go-ahead");
	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	CHILD_ASSERT(getppid() == 0, "init's getppid() = %d", getppid());
	return 0;
}

NSC_RULES(pid_02_init_parent_is_zero, "PID-02");
TEST_F(init, pid_02_init_parent_is_zero)
{
	run_init(_metadata, self, init_ppid, NULL);
}

/* B: waits until A is gone, then reports its parent. */
static int orphan_b(void *arg)
{
	int *sv = arg;
	pid_t pp;

	if (nsc_recv_byte(sv[1]) != 'g')
		return 10;
	pp = getppid();
	return nsc_send_buf(sv[1], &pp, sizeof(pp)) ? 11 : 0;
}

/* A: forks B, tells the reaper-to-be B's PID, exits. */
static int orphan_a(void *arg)
{
	int *sv = arg;
	pid_t b;

	close(sv[0]);
	b = pid_spawn(orphan_b, sv, false);

	return b < 0 || nsc_send_buf(sv[1], &b, sizeof(b)) ? 1 : 0;
}

/* The caller forks A, A forks B and exits: B must be reparented to the
 * caller, and the caller reaps it with waitpid(-1). */
static int orphan_comes_to_me(void)
{
	pid_t a, b = -1, pp = -1, who = -1;
	int sv[2], rc;

	CHILD_ASSERT(!socketpair(AF_UNIX, SOCK_STREAM, 0, sv), "%m");
	a = pid_spawn(orphan_a, sv, false);
	CHILD_ASSERT(a > 0, "fork A: %m");
	close(sv[1]);	/* A and B hold it: EOF if both die */
	CHILD_ASSERT(nsc_recv_buf(sv[0], &b, sizeof(b)) == sizeof(b), "%m");
	CHILD_ASSERT(pid_reap(a) == 0, "A failed");
	CHILD_ASSERT(!nsc_send_byte(sv[0], 'g'), "%m");
	CHILD_ASSERT(nsc_recv_buf(sv[0], &pp, sizeof(pp)) == sizeof(pp), "%m");
	CHILD_ASSERT(pp == getpid(), "orphan %d has parent %d, expected %d",
		     b, pp, getpid());
	rc = pid_reap_who(-1, &who);
	CHILD_ASSERT(who == b && rc == 0,
		     "waitpid(-1) gave %d (rc %d), expected %d: %m", who, rc, b);
	close(sv[0]);
	return 0;
}

static int init_adopts(int sock, void *arg)
{
	CHILD_ASSERT(nsc_recv_byte(sock) == 'g', "no go-ahead");
	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	return orphan_comes_to_me();
}

NSC_RULES(pid_11_orphan_reparented_to_ns_init, "PID-11");
TEST_F(init, pid_11_orphan_reparented_to_ns_init)
{
	run_init(_metadata, self, init_adopts, NULL);
}

static int subreaper(void *arg)
{
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
		return 20;
	return orphan_comes_to_me();
}

static int init_with_subreaper(int sock, void *arg)
{
	pid_t s;

	CHILD_ASSERT(nsc_recv_byte(sock) == 'g', "no go-ahead");
	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	s = pid_spawn(subreaper, NULL, false);
	CHILD_ASSERT(s > 1, "fork S: %m");
	CHILD_ASSERT(pid_reap(s) == 0, "subreaper S did not adopt the orphan");
	errno = 0;
	CHILD_ASSERT(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD,
		     "init has another child to reap");
	return 0;
}

NSC_RULES(pid_12_subreaper_in_ns_gets_orphans, "PID-12");
TEST_F(init, pid_12_subreaper_in_ns_gets_orphans)
{
	run_init(_metadata, self, init_with_subreaper, NULL);
}

/* A member that would live 30 s unless killed (alarm bounds a buggy
 * kernel that never kills it). */
static int linger(void *arg)
{
	alarm(30);
	for (;;)
		pause();
	return 0;
}

static int init_with_members(int sock, void *arg)
{
	int pidfd = -1, gfd;
	pid_t g, n;

	CHILD_ASSERT(nsc_recv_byte(sock) == 'g', "no go-ahead");
	g = pid_spawn(linger, NULL, false);
	CHILD_ASSERT(g > 1, "fork: %m");
	gfd = nsc_pidfd_open(g, 0);
	CHILD_ASSERT(gfd >= 0, "pidfd_open(%d): %m", g);
	/* the init of a nested pid ns, no PDEATHSIG */
	n = pid_clone3(CLONE_NEWPID, SIGCHLD, NULL, 0, &pidfd);
	if (n == 0)
		_exit(linger(NULL));
	CHILD_ASSERT(n > 1, "clone3(CLONE_NEWPID): %m");
	CHILD_ASSERT(!nsc_send_fd(sock, gfd) && !nsc_send_fd(sock, pidfd), "%m");
	/* init exits without reaping anyone */
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

/*
 * A process of ours inside the pid ns of the process behind pidfd: we
 * setns our pid_for_children there (through /proc/PID/ns/pid) and fork.
 * Being our child, its cause of death can be read with waitid. We do not
 * come back (root of a user ns cannot enter the host's pid ns again); no
 * later fork of this test needs our own ns.
 */
static pid_t fork_inside(int pidfd)
{
	char path[64];
	long pid[1];
	int fd;
	pid_t p;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pidfd);
	if (nsc_key_vals(path, "Pid", pid, 1) != 1)
		return -1;
	fd = nsc_ns_open(pid[0], "pid");
	if (fd < 0)
		return -1;
	if (setns(fd, CLONE_NEWPID)) {
		close(fd);
		return -1;
	}
	close(fd);
	p = pid_spawn(linger, NULL, true);
	return p;
}

/* Our child's end: 0 when it was killed by SIGKILL within the bound. */
static int killed_by_sigkill(pid_t p, char *why, size_t len)
{
	siginfo_t si = { 0 };
	int fd = nsc_pidfd_open(p, 0), r;

	if (fd < 0)
		return snprintf(why, len, "pidfd_open(%d): %m", p), -1;
	r = nsc_pidfd_exited(fd, 5000);
	close(fd);
	if (r != 1)
		return snprintf(why, len, "still alive after 5 s"), -1;
	if (waitid(P_PID, p, &si, WEXITED))
		return snprintf(why, len, "waitid(%d): %m", p), -1;
	if (si.si_code != CLD_KILLED || si.si_status != SIGKILL)
		return snprintf(why, len, "si_code %d, status %d", si.si_code,
				si.si_status), -1;
	return 0;
}

NSC_RULES(pid_07_init_death_kills_members_and_nested, "PID-07");
TEST_F(init, pid_07_init_death_kills_members_and_nested)
{
	int gfd, nfd;
	char why[128];

	ASSERT_CHILD_START(&self->child, CLONE_NEWPID, init_with_members, NULL);
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'g'));
	gfd = nsc_recv_fd(self->child.sock);
	ASSERT_LE(0, gfd) TH_LOG("no pidfd of the member: %m");
	nfd = nsc_recv_fd(self->child.sock);
	ASSERT_LE(0, nfd) TH_LOG("no pidfd of the nested init: %m");
	/* members of both namespaces that are our children */
	self->ours[0] = fork_inside(self->child.pidfd);
	ASSERT_LT(0, self->ours[0]) TH_LOG("a child of ours in the ns: %m");
	self->ours[1] = fork_inside(nfd);
	ASSERT_LT(0, self->ours[1]) TH_LOG("a child of ours in the nested ns: %m");
	ASSERT_EQ(0, nsc_pidfd_exited(gfd, 0)) TH_LOG("member died early");
	ASSERT_EQ(0, nsc_pidfd_exited(nfd, 0)) TH_LOG("nested init died early");
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	/* reaped before the init: its exit waits for every zombie of its ns */
	for (int i = 0; i < 2; i++) {
		int r = killed_by_sigkill(self->ours[i], why, sizeof(why));

		EXPECT_EQ(0, r) TH_LOG("our member of the %s ns: %s",
				       i ? "nested" : "init's", why);
		if (!r)
			self->ours[i] = -1;	/* reaped */
	}
	ASSERT_CHILD_OK(&self->child);
	EXPECT_EQ(1, nsc_pidfd_exited(gfd, 5000))
		TH_LOG("member of the ns survived its init");
	EXPECT_EQ(1, nsc_pidfd_exited(nfd, 5000))
		TH_LOG("process of a nested ns survived the outer init");
	close(gfd);
	close(nfd);
}

static int exit_ok_if_init(void *arg)
{
	return getpid() == 1 ? 0 : 1;
}

static int fork_after_init_died(int sock, void *arg)
{
	pid_t first, again;

	CHILD_ASSERT(!unshare(CLONE_NEWPID), "%m");
	first = pid_spawn(exit_ok_if_init, NULL, true);
	CHILD_ASSERT(first > 0, "first fork: %m");
	CHILD_ASSERT(pid_reap(first) == 0, "first child was not PID 1");
	errno = 0;
	again = fork();
	if (again == 0)
		_exit(0);
	if (again > 0)
		pid_reap(again);
	CHILD_ASSERT(again == -1 && errno == ENOMEM,
		     "fork after init died: %d, errno %d", again, errno);
	return 0;
}

NSC_RULES(pid_05_fork_after_init_death_enomem, "PID-05");
TEST_F(init, pid_05_fork_after_init_death_enomem)
{
	ASSERT_CHILD_RUN(0, fork_after_init_died, NULL);
}

static int park(int sock, void *arg)
{
	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

static int setns_into_dead(int sock, void *arg)
{
	int fd = *(int *)arg;
	pid_t p;

	CHILD_ASSERT(!setns(fd, CLONE_NEWPID), "setns into the dead ns: %m");
	errno = 0;
	p = fork();
	if (p == 0)
		_exit(0);
	if (p > 0)
		pid_reap(p);
	CHILD_ASSERT(p == -1 && errno == ENOMEM,
		     "fork into the dead ns: %d, errno %d", p, errno);
	return 0;
}

NSC_RULES(pid_06_setns_into_dead_ns_then_fork_enomem, "PID-06");
TEST_F(init, pid_06_setns_into_dead_ns_then_fork_enomem)
{
	struct nsc_child h = NSC_CHILD_INIT;
	int fd;

	ASSERT_CHILD_START(&self->child, CLONE_NEWPID, park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	fd = nsc_ns_open(self->child.pid, "pid");
	ASSERT_LE(0, fd) TH_LOG("open /proc/%d/ns/pid: %m", self->child.pid);
	nsc_child_kill(&self->child);
	ASSERT_CHILD_START(&h, 0, setns_into_dead, &fd);
	close(fd);
	ASSERT_CHILD_OK(&h);
}

static int member_signals_init(void *arg)
{
	if (kill(1, SIGTERM) || kill(1, SIGKILL))
		return 1;
	return 0;
}

static int init_ignores_members(int sock, void *arg)
{
	sigset_t pend;
	pid_t m;

	CHILD_ASSERT(nsc_recv_byte(sock) == 'g', "no go-ahead");
	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	m = pid_spawn(member_signals_init, NULL, false);
	CHILD_ASSERT(m > 1, "fork: %m");
	CHILD_ASSERT(pid_reap(m) == 0, "member's kill(1, ...) failed");
	/* and from init itself */
	CHILD_ASSERT(!kill(1, SIGTERM), "%m");
	CHILD_ASSERT(!kill(getpid(), SIGKILL), "%m");
	CHILD_ASSERT(!sigpending(&pend), "%m");
	CHILD_ASSERT(!sigismember(&pend, SIGTERM), "SIGTERM pending on init");
	/* still alive: the parent hears from us */
	CHILD_ASSERT(!nsc_send_byte(sock, 'a'), "%m");
	return 0;
}

NSC_RULES(pid_08_init_ignores_unhandled_signals_from_inside, "PID-08");
TEST_F(init, pid_08_init_ignores_unhandled_signals_from_inside)
{
	ASSERT_CHILD_START(&self->child, CLONE_NEWPID, init_ignores_members,
			   NULL);
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'g'));
	ASSERT_EQ('a', nsc_recv_byte(self->child.sock))
		TH_LOG("init died from a signal sent inside its namespace");
	ASSERT_CHILD_OK(&self->child);
}

static int init_answers(int sock, void *arg)
{
	sigset_t pend;
	int c;

	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	while ((c = nsc_recv_byte(sock)) == 'p') {
		CHILD_ASSERT(!sigpending(&pend), "%m");
		CHILD_ASSERT(!sigismember(&pend, SIGTERM), "SIGTERM pending");
		CHILD_ASSERT(!nsc_send_byte(sock, 'a'), "%m");
	}
	return c == 'x' ? 0 : 1;
}

NSC_RULES(pid_09_outer_sigterm_to_init_dropped, "PID-09");
TEST_F(init, pid_09_outer_sigterm_to_init_dropped)
{
	ASSERT_CHILD_START(&self->child, CLONE_NEWPID, init_answers, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	ASSERT_EQ(0, kill(self->child.pid, SIGTERM)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'p'));
	ASSERT_EQ('a', nsc_recv_byte(self->child.sock))
		TH_LOG("init died from an unhandled SIGTERM sent from outside");
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

static void on_alarm(int sig)
{
}

NSC_RULES(pid_09_outer_sigstop_and_sigkill_delivered, "PID-09");
TEST_F(init, pid_09_outer_sigstop_and_sigkill_delivered)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	siginfo_t info;
	int rc;

	ASSERT_CHILD_START(&self->child, CLONE_NEWPID, init_answers, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	/* bound the waitid below: SIGALRM without SA_RESTART ends it */
	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));
	ASSERT_EQ(0, kill(self->child.pid, SIGSTOP)) TH_LOG("%m");
	alarm(5);
	memset(&info, 0, sizeof(info));
	rc = waitid(P_PID, self->child.pid, &info, WSTOPPED);
	alarm(0);
	ASSERT_EQ(0, rc) TH_LOG("init never stopped: %m");
	ASSERT_EQ(CLD_STOPPED, info.si_code);
	ASSERT_EQ(SIGSTOP, info.si_status);
	ASSERT_EQ(0, kill(self->child.pid, SIGCONT));
	ASSERT_EQ(0, kill(self->child.pid, SIGKILL)) TH_LOG("%m");
	ASSERT_EQ(128 + SIGKILL, nsc_child_wait(&self->child));
}

static volatile sig_atomic_t got_count;
static volatile pid_t got_pid = -1;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	got_pid = si->si_pid;
	got_count++;
}

static int member_usr1(void *arg)
{
	return kill(1, SIGUSR1) ? 1 : 0;
}

static int init_handles_usr1(int sock, void *arg)
{
	struct sigaction sa = { .sa_sigaction = on_usr1,
				.sa_flags = SA_SIGINFO | SA_RESTART };
	pid_t m;

	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	CHILD_ASSERT(!sigaction(SIGUSR1, &sa, NULL), "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	/* the parent signals us before this byte, so the handler has run
	 * by the time recv returns */
	CHILD_ASSERT(nsc_recv_byte(sock) == 'g', "no go-ahead");
	CHILD_ASSERT(got_count == 1, "handler ran %d times", (int)got_count);
	CHILD_ASSERT(got_pid == 0, "si_pid from the ancestor ns = %d",
		     (int)got_pid);
	/* contrast: a member's PID is visible */
	m = pid_spawn(member_usr1, NULL, false);
	CHILD_ASSERT(m > 1, "fork: %m");
	CHILD_ASSERT(pid_reap(m) == 0, "member's kill failed");
	CHILD_ASSERT(got_count == 2, "handler ran %d times", (int)got_count);
	CHILD_ASSERT(got_pid == m, "si_pid from member %d = %d", m,
		     (int)got_pid);
	return 0;
}

NSC_RULES(pid_10_outer_signal_si_pid_is_zero, "PID-10");
TEST_F(init, pid_10_outer_signal_si_pid_is_zero)
{
	ASSERT_CHILD_START(&self->child, CLONE_NEWPID, init_handles_usr1, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	ASSERT_EQ(0, kill(self->child.pid, SIGUSR1)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'g'));
	ASSERT_CHILD_OK(&self->child);
}

TEST_HARNESS_MAIN
