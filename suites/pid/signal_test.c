// SPDX-License-Identifier: GPL-2.0
/*
 * PID namespaces and signals, the claims of LTP's pidns tests: the init's
 * session and process group, kill(-1) seen from an init, SIGIO between
 * sibling namespaces, a blocked signal queued for an init, and the sender
 * PID of POSIX message-queue notifications translated into the notifier's
 * namespace.
 * Source: LTP pidns02, pidns10, pidns13, pidns17, pidns20, pidns30,
 * pidns31; kernel/signal.c (kill_something_info, sig_ignored),
 * ipc/mqueue.c (__do_notify).
 */
#include <mqueue.h>
#include <signal.h>

#include "nsc_harness.h"
#include "pid_util.h"

#define SIG_WAIT_S 10	/* bound on every sigtimedwait: no test hangs */
#define MQ_MSG "pidns-mq"

FIXTURE(sig) {
	struct nsc_child a, b;
	ino_t my_pidns;
	mqd_t mq;
	char mq_name[64];
};

FIXTURE_VARIANT(sig) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(sig);

FIXTURE_SETUP(sig)
{
	self->a = (struct nsc_child)NSC_CHILD_INIT;
	self->b = (struct nsc_child)NSC_CHILD_INIT;
	self->mq = (mqd_t)-1;
	NSC_ENTER_PRIV(variant->priv);
	self->my_pidns = nsc_ns_ino(0, "pid");
	ASSERT_NE((ino_t)0, self->my_pidns) TH_LOG("stat /proc/self/ns/pid: %m");
}

FIXTURE_TEARDOWN(sig)
{
	nsc_child_kill(&self->a);
	nsc_child_kill(&self->b);
	if (self->mq != (mqd_t)-1) {
		mq_close(self->mq);
		mq_unlink(self->mq_name);	/* in our private IPC ns */
	}
}

/* Waits (bounded) for sig, which the caller has blocked. */
static int wait_sig(int sig, siginfo_t *si)
{
	struct timespec t = { .tv_sec = SIG_WAIT_S };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	memset(si, 0, sizeof(*si));
	return sigtimedwait(&set, si, &t);
}

static int block_sig(int sig)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	return sigprocmask(SIG_BLOCK, &set, NULL);
}

static int init_session(int sock, void *arg)
{
	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	/* inherited from the parent, whose session and group leaders live
	 * in the ancestor ns: they have no number here */
	CHILD_ASSERT(getsid(0) == 0, "getsid before setsid = %d", getsid(0));
	CHILD_ASSERT(getpgid(0) == 0, "getpgid before setsid = %d",
		     getpgid(0));
	CHILD_ASSERT(setsid() == 1, "setsid: %m");
	CHILD_ASSERT(getsid(0) == 1, "getsid = %d", getsid(0));
	CHILD_ASSERT(getpgid(0) == 1, "getpgid = %d", getpgid(0));
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

NSC_RULES(pid_50_init_session_and_group_are_one, "PID-50");
TEST_F(sig, pid_50_init_session_and_group_are_one)
{
	ASSERT_CHILD_START(&self->a, CLONE_NEWPID, init_session, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->a.sock));
	ASSERT_OTHER_PIDNS(self->a.pid, self->my_pidns);
	/* the outer view: the same session, under the outer number */
	EXPECT_EQ(self->a.pid, getsid(self->a.pid)) TH_LOG("%m");
	EXPECT_EQ(self->a.pid, getpgid(self->a.pid)) TH_LOG("%m");
	EXPECT_NE(getsid(0), getsid(self->a.pid));
	ASSERT_EQ(0, nsc_send_byte(self->a.sock, 'x'));
	ASSERT_CHILD_OK(&self->a);
}

/* A member that waits until the init closes the pipe's write end (or dies). */
static int wait_for_eof(void *arg)
{
	int *p = arg;
	char c;

	close(p[1]);
	return read(p[0], &c, 1) < 0 ? 1 : 0;
}

static int lone_init_kill_all(int sock, void *arg)
{
	int p[2];
	pid_t m;

	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	/* alive until the parent has looked at our ns */
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	CHILD_ASSERT(nsc_recv_byte(sock) == 'x', "no go-ahead");
	/* no other process in the ns: nobody to signal */
	errno = 0;
	CHILD_ASSERT(kill(-1, SIGUSR1) == -1 && errno == ESRCH,
		     "kill(-1) from a lone init: %m (want ESRCH)");
	CHILD_ASSERT(kill(-1, 0) == -1 && errno == ESRCH,
		     "kill(-1, 0) from a lone init: %m (want ESRCH)");
	/* contrast: one member makes it a success */
	CHILD_ASSERT(!pipe(p), "%m");
	m = pid_spawn(wait_for_eof, p, true);
	CHILD_ASSERT(m == 2, "fork: %d %m", m);
	CHILD_ASSERT(kill(-1, 0) == 0, "kill(-1, 0) with a member: %m");
	CHILD_ASSERT(!kill(m, SIGKILL), "%m");
	CHILD_ASSERT(pid_reap(m) == 128 + SIGKILL, "member not killed");
	return 0;
}

NSC_RULES(pid_51_lone_init_kill_minus_one_esrch, "PID-51");
TEST_F(sig, pid_51_lone_init_kill_minus_one_esrch)
{
	ASSERT_CHILD_START(&self->a, CLONE_NEWPID, lone_init_kill_all, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->a.sock));
	ASSERT_OTHER_PIDNS(self->a.pid, self->my_pidns);
	ASSERT_EQ(0, nsc_send_byte(self->a.sock, 'x'));
	ASSERT_CHILD_OK(&self->a);
}

struct sigio_arg {
	int rd, wr;
};

static int sigio_owner(int sock, void *arg)
{
	struct sigio_arg *p = arg;
	siginfo_t si;

	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	close(p->wr);
	CHILD_ASSERT(!block_sig(SIGUSR1), "%m");
	CHILD_ASSERT(!fcntl(p->rd, F_SETOWN, getpid()), "F_SETOWN: %m");
	CHILD_ASSERT(!fcntl(p->rd, F_SETSIG, SIGUSR1), "F_SETSIG: %m");
	CHILD_ASSERT(!fcntl(p->rd, F_SETFL, fcntl(p->rd, F_GETFL) | O_ASYNC),
		     "O_ASYNC: %m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	CHILD_ASSERT(wait_sig(SIGUSR1, &si) == SIGUSR1,
		     "no SIGIO signal within %d s: %m", SIG_WAIT_S);
	CHILD_ASSERT(si.si_code == POLL_IN, "si_code %d, want POLL_IN",
		     si.si_code);
	CHILD_ASSERT(si.si_fd == p->rd, "si_fd %d, want %d", si.si_fd, p->rd);
	return 0;
}

static int sigio_writer(int sock, void *arg)
{
	struct sigio_arg *p = arg;

	CHILD_ASSERT(getpid() == 1, "writer has PID %d", getpid());
	close(p->rd);
	CHILD_ASSERT(nsc_recv_byte(sock) == 'x', "no go-ahead");
	CHILD_ASSERT(write(p->wr, "x", 1) == 1, "write: %m");
	return 0;
}

NSC_RULES(pid_52_sigio_from_sibling_pidns, "PID-52");
TEST_F(sig, pid_52_sigio_from_sibling_pidns)
{
	struct sigio_arg p;
	int fds[2];
	ino_t ia, ib;

	ASSERT_EQ(0, pipe(fds));
	p.rd = fds[0];
	p.wr = fds[1];
	ASSERT_CHILD_START(&self->a, CLONE_NEWPID, sigio_owner, &p);
	ASSERT_CHILD_START(&self->b, CLONE_NEWPID, sigio_writer, &p);
	close(fds[0]);
	close(fds[1]);
	ASSERT_EQ('r', nsc_recv_byte(self->a.sock));
	ASSERT_OTHER_PIDNS(self->a.pid, self->my_pidns);
	ASSERT_OTHER_PIDNS(self->b.pid, self->my_pidns);
	ia = nsc_ns_ino(self->a.pid, "pid");
	ib = nsc_ns_ino(self->b.pid, "pid");
	ASSERT_NE((ino_t)0, ia);
	ASSERT_NE(ia, ib) TH_LOG("the two inits share one pid ns");
	ASSERT_EQ(0, nsc_send_byte(self->b.sock, 'x'));
	ASSERT_CHILD_OK(&self->b);
	ASSERT_CHILD_OK(&self->a);
}

static int init_owns_fd(int sock, void *arg)
{
	int fd = *(int *)arg;
	struct f_owner_ex ex;

	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	CHILD_ASSERT(!fcntl(fd, F_SETOWN, 1), "F_SETOWN 1: %m");
	CHILD_ASSERT(fcntl(fd, F_GETOWN) == 1, "F_GETOWN %d", fcntl(fd, F_GETOWN));
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	/* now the parent owns it: it has no number here */
	CHILD_ASSERT(nsc_recv_byte(sock) == 'x', "no go-ahead");
	CHILD_ASSERT(fcntl(fd, F_GETOWN) == 0,
		     "owner outside the ns reads as %d", fcntl(fd, F_GETOWN));
	CHILD_ASSERT(!fcntl(fd, F_GETOWN_EX, &ex), "F_GETOWN_EX: %m");
	CHILD_ASSERT(ex.type == F_OWNER_PID && ex.pid == 0,
		     "F_GETOWN_EX type %d pid %d", ex.type, ex.pid);
	return 0;
}

NSC_RULES(pid_57_fd_owner_pid_shown_in_reader_ns, "PID-57");
TEST_F(sig, pid_57_fd_owner_pid_shown_in_reader_ns)
{
	int fds[2];

	ASSERT_EQ(0, pipe(fds));
	ASSERT_CHILD_START(&self->a, CLONE_NEWPID, init_owns_fd, &fds[0]);
	ASSERT_EQ('r', nsc_recv_byte(self->a.sock));
	ASSERT_OTHER_PIDNS(self->a.pid, self->my_pidns);
	/* one open file description: its owner, read from out here */
	EXPECT_EQ(self->a.pid, fcntl(fds[0], F_GETOWN));
	ASSERT_EQ(0, fcntl(fds[0], F_SETOWN, getpid())) TH_LOG("%m");
	ASSERT_EQ(getpid(), fcntl(fds[0], F_GETOWN));
	ASSERT_EQ(0, nsc_send_byte(self->a.sock, 'x'));
	ASSERT_CHILD_OK(&self->a);
	close(fds[0]);
	close(fds[1]);
}

#define NMEMBERS 4

static int init_kills_all(int sock, void *arg)
{
	pid_t m[NMEMBERS], who;
	int p[2], i, rc, killed = 0;
	sigset_t set;

	/* prove the ns before a kill(-1) that would hit the host's
	 * processes on a kernel that ignored CLONE_NEWPID */
	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	CHILD_ASSERT(nsc_recv_byte(sock) == 'x', "no go-ahead");
	CHILD_ASSERT(!pipe(p), "%m");
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	/* the members inherit our mask: the parent blocked SIGUSR1 */
	CHILD_ASSERT(!sigprocmask(SIG_UNBLOCK, &set, NULL), "%m");
	for (i = 0; i < NMEMBERS; i++) {
		m[i] = pid_spawn(wait_for_eof, p, true);
		CHILD_ASSERT(m[i] > 1, "fork: %m");
	}
	/* SIGUSR1's default action ends each member; the init (the
	 * caller) is never a target of its own kill(-1) */
	CHILD_ASSERT(!kill(-1, SIGUSR1), "kill(-1): %m");
	/* a member the signal missed sees EOF and exits 0: no hang */
	close(p[1]);
	for (i = 0; i < NMEMBERS; i++) {
		rc = pid_reap_who(-1, &who);
		CHILD_ASSERT(rc >= 0, "wait: %m");
		if (rc == 128 + SIGUSR1)
			killed++;
		else
			nsc_child_log(__FILE__, __LINE__,
				      "member %d ended with %d", who, rc);
	}
	CHILD_ASSERT(killed == NMEMBERS, "%d of %d members killed", killed,
		     NMEMBERS);
	return 0;
}

NSC_RULES(pid_53_init_kill_minus_one_kills_members, "PID-53");
TEST_F(sig, pid_53_init_kill_minus_one_kills_members)
{
	sigset_t pend;

	/* we are outside the ns: the signal must not reach us */
	ASSERT_EQ(0, block_sig(SIGUSR1));
	ASSERT_CHILD_START(&self->a, CLONE_NEWPID, init_kills_all, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->a.sock));
	ASSERT_OTHER_PIDNS(self->a.pid, self->my_pidns);
	ASSERT_EQ(0, nsc_send_byte(self->a.sock, 'x'));
	ASSERT_CHILD_OK(&self->a);
	ASSERT_EQ(0, sigpending(&pend));
	EXPECT_FALSE(sigismember(&pend, SIGUSR1))
		TH_LOG("the init's kill(-1) reached its parent outside the ns");
}

static volatile sig_atomic_t handled;
static volatile pid_t handled_pid = -1;

static void on_sig(int sig, siginfo_t *si, void *uc)
{
	handled++;
	handled_pid = si->si_pid;
}

static int init_blocks_usr1(int sock, void *arg)
{
	struct sigaction sa = { .sa_sigaction = on_sig,
				.sa_flags = SA_SIGINFO | SA_RESTART };
	sigset_t set;

	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	CHILD_ASSERT(!block_sig(SIGUSR1), "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	CHILD_ASSERT(nsc_recv_byte(sock) == 'x', "no go-ahead");
	/* a blocked signal is queued even with the default disposition,
	 * which an init would otherwise have dropped at once */
	CHILD_ASSERT(!sigpending(&set), "%m");
	CHILD_ASSERT(sigismember(&set, SIGUSR1),
		     "SIGUSR1 from the ancestor ns was not queued");
	CHILD_ASSERT(!sigaction(SIGUSR1, &sa, NULL), "%m");
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHILD_ASSERT(!sigprocmask(SIG_UNBLOCK, &set, NULL), "%m");
	CHILD_ASSERT(handled == 1, "handler ran %d times after unblock",
		     (int)handled);
	CHILD_ASSERT(handled_pid == 0, "si_pid %d, want 0", (int)handled_pid);
	return 0;
}

NSC_RULES(pid_54_blocked_signal_reaches_init_after_unblock, "PID-54");
TEST_F(sig, pid_54_blocked_signal_reaches_init_after_unblock)
{
	ASSERT_CHILD_START(&self->a, CLONE_NEWPID, init_blocks_usr1, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->a.sock));
	ASSERT_OTHER_PIDNS(self->a.pid, self->my_pidns);
	ASSERT_EQ(0, kill(self->a.pid, SIGUSR1)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(self->a.sock, 'x'));
	ASSERT_CHILD_OK(&self->a);
}

/* A queue in an IPC ns of our own: nothing of it reaches the host's. */
#define ASSERT_MQ_CREATE(self) do { \
	struct mq_attr __at = { .mq_maxmsg = 4, .mq_msgsize = 64 }; \
	ASSERT_EQ(0, nsc_unshare_checked(CLONE_NEWIPC)) \
		TH_LOG("unshare(CLONE_NEWIPC): %m"); \
	snprintf((self)->mq_name, sizeof((self)->mq_name), "/%s", \
		 nsc_uniq((char[48]){0}, 48, "nsc-pidmq")); \
	(self)->mq = mq_open((self)->mq_name, O_RDWR | O_CREAT | O_EXCL, \
			     0600, &__at); \
	ASSERT_NE((mqd_t)-1, (self)->mq) TH_LOG("mq_open: %m"); \
} while (0)

static int mq_register(mqd_t mq, int sig)
{
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL,
			       .sigev_signo = sig,
			       .sigev_value.sival_int = 42 };

	return mq_notify(mq, &ev);
}

static int check_mq_info(const siginfo_t *si, pid_t want_pid)
{
	if (si->si_code != SI_MESGQ || si->si_value.sival_int != 42 ||
	    si->si_pid != want_pid) {
		nsc_child_log(__FILE__, __LINE__,
			      "si_code %d (want SI_MESGQ), value %d, si_pid %d "
			      "(want %d)", si->si_code,
			      si->si_value.sival_int, (int)si->si_pid,
			      (int)want_pid);
		return -1;
	}
	return 0;
}

static int mq_notified_init(int sock, void *arg)
{
	mqd_t mq = *(mqd_t *)arg;
	siginfo_t si;

	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	CHILD_ASSERT(!block_sig(SIGUSR1), "%m");
	CHILD_ASSERT(!mq_register(mq, SIGUSR1), "mq_notify: %m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	CHILD_ASSERT(wait_sig(SIGUSR1, &si) == SIGUSR1,
		     "no notification within %d s: %m", SIG_WAIT_S);
	/* the sender lives in the ancestor ns: it has no PID here */
	CHILD_ASSERT(!check_mq_info(&si, 0), "sender seen from the init");
	return 0;
}

NSC_RULES(pid_55_mq_notify_sender_outside_is_zero, "PID-55");
TEST_F(sig, pid_55_mq_notify_sender_outside_is_zero)
{
	ASSERT_MQ_CREATE(self);
	ASSERT_CHILD_START(&self->a, CLONE_NEWPID, mq_notified_init,
			   &self->mq);
	ASSERT_EQ('r', nsc_recv_byte(self->a.sock));
	ASSERT_OTHER_PIDNS(self->a.pid, self->my_pidns);
	ASSERT_EQ(0, mq_send(self->mq, MQ_MSG, sizeof(MQ_MSG), 0))
		TH_LOG("%m");
	ASSERT_CHILD_OK(&self->a);
}

static int mq_sender_init(int sock, void *arg)
{
	mqd_t mq = *(mqd_t *)arg;

	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	CHILD_ASSERT(nsc_recv_byte(sock) == 'x', "no go-ahead");
	CHILD_ASSERT(!mq_send(mq, MQ_MSG, sizeof(MQ_MSG), 0), "mq_send: %m");
	return 0;
}

NSC_RULES(pid_56_mq_notify_sender_pid_translated, "PID-56");
TEST_F(sig, pid_56_mq_notify_sender_pid_translated)
{
	siginfo_t si;
	pid_t sender;

	ASSERT_MQ_CREATE(self);
	ASSERT_EQ(0, block_sig(SIGUSR1));
	ASSERT_EQ(0, mq_register(self->mq, SIGUSR1)) TH_LOG("mq_notify: %m");
	ASSERT_CHILD_START(&self->a, CLONE_NEWPID, mq_sender_init, &self->mq);
	ASSERT_OTHER_PIDNS(self->a.pid, self->my_pidns);
	sender = self->a.pid;
	ASSERT_EQ(0, nsc_send_byte(self->a.sock, 'x'));
	ASSERT_CHILD_OK(&self->a);
	ASSERT_EQ(SIGUSR1, wait_sig(SIGUSR1, &si))
		TH_LOG("no notification within %d s: %m", SIG_WAIT_S);
	/* PID 1 of the sender's ns is a.pid in ours */
	ASSERT_EQ(0, check_mq_info(&si, sender));
}

TEST_HARNESS_MAIN
