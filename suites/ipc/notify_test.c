// SPDX-License-Identifier: GPL-2.0
/*
 * POSIX message-queue notifications across user namespaces: the sender's
 * uid in the SI_MESGQ signal is shown in the user ns the notifier was in
 * when it called mq_notify() (the pid counterpart is PID-55/PID-56).
 * Source: mq_notify(3); ipc/mqueue.c __do_notify() (si_uid from
 * from_kuid_munged(notify_user_ns, sender's uid)); LTP pidns30/pidns31
 * for the form of the test.
 *
 * The queue lives in an IPC ns made for the test.
 */
#include <mqueue.h>
#include <signal.h>
#include <sys/stat.h>

#include "nsc_harness.h"

#define NOTIFY_WAIT_S 10
#define OTHER_UID 61234		/* a sender with no mapping in the notifier's ns */

FIXTURE(mqn) {
	struct nsc_child notifier, sender;
	char name[64];
	mqd_t mq;
};

FIXTURE_VARIANT(mqn) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(mqn);

FIXTURE_SETUP(mqn)
{
	struct mq_attr at = { .mq_maxmsg = 4, .mq_msgsize = 32 };
	char uniq[48];

	self->notifier = (struct nsc_child)NSC_CHILD_INIT;
	self->sender = (struct nsc_child)NSC_CHILD_INIT;
	self->mq = (mqd_t)-1;
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_EQ(0, nsc_unshare_checked(CLONE_NEWIPC))
		TH_LOG("unshare(CLONE_NEWIPC) (EEXIST: ipc link unchanged): %m");
	snprintf(self->name, sizeof(self->name), "/%s",
		 nsc_uniq(uniq, sizeof(uniq), "nsc-mqn"));
	self->mq = mq_open(self->name, O_RDWR | O_CREAT | O_EXCL, 0666, &at);
	ASSERT_NE((mqd_t)-1, self->mq) TH_LOG("mq_open: %m");
	/* the queue file's mode is cut by our umask */
	ASSERT_EQ(0, fchmod(self->mq, 0666)) TH_LOG("%m");
}

FIXTURE_TEARDOWN(mqn)
{
	nsc_child_kill(&self->notifier);
	nsc_child_kill(&self->sender);
	if (self->mq != (mqd_t)-1) {
		mq_close(self->mq);
		mq_unlink(self->name);
	}
}

struct notifier_arg {
	mqd_t mq;
	uid_t want;		/* si_uid expected in the notifier's ns */
};

/* In a new user ns mapping ns uid 5 to our euid: register, wait, check. */
static int notifier(int sock, void *arg)
{
	struct notifier_arg *a = arg;
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL,
			       .sigev_signo = SIGUSR1 };
	struct timespec t = { .tv_sec = NOTIFY_WAIT_S };
	ino_t before = nsc_ns_ino(0, "user");
	siginfo_t si;
	sigset_t set;
	char map[32];

	snprintf(map, sizeof(map), "5 %u 1\n", (unsigned int)geteuid());
	CHILD_ASSERT(!unshare(CLONE_NEWUSER), "%m");
	CHILD_ASSERT(nsc_ns_ino(0, "user") != before, "no new user ns");
	CHILD_ASSERT(!nsc_write_file("/proc/self/uid_map", map), "%s: %m", map);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHILD_ASSERT(!sigprocmask(SIG_BLOCK, &set, NULL), "%m");
	CHILD_ASSERT(!mq_notify(a->mq, &ev), "mq_notify: %m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	CHILD_ASSERT(sigtimedwait(&set, &si, &t) == SIGUSR1,
		     "no notification within %d s: %m", NOTIFY_WAIT_S);
	CHILD_ASSERT(si.si_code == SI_MESGQ, "si_code %d", si.si_code);
	CHILD_ASSERT(si.si_uid == a->want, "si_uid %u, want %u",
		     (unsigned int)si.si_uid, (unsigned int)a->want);
	return 0;
}

static int send_as_other(int sock, void *arg)
{
	CHILD_ASSERT(!nsc_drop_to(OTHER_UID, OTHER_UID), "%m");
	CHILD_ASSERT(!mq_send(*(mqd_t *)arg, "m", 1, 0), "mq_send: %m");
	return 0;
}

NSC_RULES(ipc_18_mq_notify_si_uid_in_notifier_userns, "IPC-18");
TEST_F(mqn, ipc_18_mq_notify_si_uid_in_notifier_userns)
{
	struct notifier_arg a = { .mq = self->mq };
	char buf[32];

	/* a sender whose uid has no mapping there: the overflow uid (real
	 * root only: it needs a second uid) */
	if (nsc_in_init_userns() && geteuid() == 0) {
		a.want = nsc_overflow_uid();
		ASSERT_CHILD_START(&self->notifier, 0, notifier, &a);
		ASSERT_EQ('r', nsc_recv_byte(self->notifier.sock));
		ASSERT_CHILD_START(&self->sender, 0, send_as_other, &self->mq);
		ASSERT_CHILD_OK(&self->sender);
		ASSERT_CHILD_OK(&self->notifier);
		ASSERT_LE(0, mq_receive(self->mq, buf, sizeof(buf), NULL));
	}
	/* our euid is ns uid 5 there */
	a.want = 5;
	ASSERT_CHILD_START(&self->notifier, 0, notifier, &a);
	ASSERT_EQ('r', nsc_recv_byte(self->notifier.sock));
	ASSERT_EQ(0, mq_send(self->mq, "m", 1, 0)) TH_LOG("%m");
	ASSERT_CHILD_OK(&self->notifier);
}

TEST_HARNESS_MAIN
