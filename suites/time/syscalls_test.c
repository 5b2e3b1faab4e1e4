// SPDX-License-Identifier: GPL-2.0
/*
 * Time namespaces: system calls that report or wait on a clock outside
 * clock_gettime() -- sysinfo()'s uptime and an absolute futex timeout.
 * Source: LTP sysinfo03 (commit ecc421e05bab, "sys/sysinfo: Respect
 * boottime inside time namespace", 5.6); kernel selftest timens/futex
 * (commit c2f7d08cccf4, "futex: Adjust absolute futex timeouts with per
 * time namespace offset", 5.6).
 *
 * Setup makes a time ns (monotonic +1 day, boottime +2 days) as the test
 * process's time_for_children; children live in it.
 */
#include <linux/futex.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>

#include "nsc_harness.h"
#include "time_util.h"

#define MONO_OFF 86400LL
#define BOOT_OFF (2 * 86400LL)

FIXTURE(tsys) {
	struct nsc_child child;
	ino_t time_0, time_new;
};

FIXTURE_VARIANT(tsys) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(tsys);

FIXTURE_SETUP(tsys)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_REQUIRE(nsc_need_nstype(&nsc_nstypes[NSC_NS_TIME]));
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_EQ(0, timens_new_pending(MONO_OFF, BOOT_OFF, &self->time_0,
					&self->time_new))
		TH_LOG("new time ns (EEXIST: time_for_children unchanged): %m");
}

FIXTURE_TEARDOWN(tsys)
{
	nsc_child_kill(&self->child);
}

/* Child side: fails unless it sits in the new ns (by inode and clock). */
static int in_new_ns(ino_t want)
{
	ino_t t = nsc_ns_ino(0, "time");

	if (t != want || clock_sec(CLOCK_MONOTONIC) < MONO_OFF) {
		nsc_child_log(__FILE__, __LINE__,
			      "child in time ns %lu, want %lu", (unsigned long)t,
			      (unsigned long)want);
		return -1;
	}
	return 0;
}

static int child_sysinfo(int sock, void *arg)
{
	struct sysinfo si;

	CHILD_ASSERT(!in_new_ns(*(ino_t *)arg), "not in the new time ns");
	CHILD_ASSERT(!sysinfo(&si), "sysinfo: %m");
	return nsc_send_buf(sock, &si.uptime, sizeof(si.uptime)) ? 1 : 0;
}

NSC_RULES(time_16_sysinfo_uptime_has_boottime_offset, "TIME-16");
TEST_F(tsys, time_16_sysinfo_uptime_has_boottime_offset)
{
	struct sysinfo si;
	long before, after, inside;

	ASSERT_EQ(0, sysinfo(&si)) TH_LOG("%m");
	before = si.uptime;
	ASSERT_CHILD_START(&self->child, 0, child_sysinfo, &self->time_new);
	ASSERT_EQ(sizeof(inside),
		  nsc_recv_buf(self->child.sock, &inside, sizeof(inside)));
	ASSERT_CHILD_OK(&self->child);
	ASSERT_EQ(0, sysinfo(&si)) TH_LOG("%m");
	after = si.uptime;
	/* whole seconds, rounded up: the boottime offset, not the monotonic
	 * one, and the parent's own uptime stays unshifted */
	EXPECT_TRUE(inside >= before + BOOT_OFF && inside <= after + BOOT_OFF + 1)
		TH_LOG("uptime %ld inside, %ld..%ld outside", inside, before,
		       after);
	EXPECT_LT(after, before + 3600) TH_LOG("the parent's uptime moved");
}

/*
 * FUTEX_WAIT_BITSET takes an absolute CLOCK_MONOTONIC deadline; 5 ms ahead
 * on the ns clock must mean 5 ms. A kernel that took it as a host time
 * would wait a day: a 1 s CLOCK_REALTIME timer (SIGALRM, no SA_RESTART)
 * interrupts it with EINTR. FUTEX_WAIT's relative timeout is the contrast.
 */
#define DEADLINE_NS 5000000L

static void no_op(int sig)
{
}

static int futex_wait_abs(uint32_t *word, const struct timespec *abs)
{
	return syscall(SYS_futex, word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG,
		       *word, abs, NULL, FUTEX_BITSET_MATCH_ANY);
}

static int child_futex(int sock, void *arg)
{
	struct itimerspec guard_its = { { 0, 0 }, { 1, 0 } };
	struct sigaction sa = { .sa_handler = no_op };
	static uint32_t word;
	struct timespec dl;
	double start, el;
	timer_t guard;
	int rc;

	CHILD_ASSERT(!in_new_ns(*(ino_t *)arg), "not in the new time ns");
	CHILD_ASSERT(!sigaction(SIGALRM, &sa, NULL), "%m");
	CHILD_ASSERT(!timer_create(CLOCK_REALTIME, NULL, &guard), "%m");
	CHILD_ASSERT(!timer_settime(guard, 0, &guard_its, NULL), "%m");
	CHILD_ASSERT(!clock_gettime(CLOCK_MONOTONIC, &dl), "%m");
	dl.tv_nsec += DEADLINE_NS;
	if (dl.tv_nsec >= 1000000000L) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000L;
	}
	start = clock_sec(CLOCK_REALTIME);
	rc = futex_wait_abs(&word, &dl);
	el = clock_sec(CLOCK_REALTIME) - start;
	CHILD_ASSERT(rc == -1 && errno == ETIMEDOUT,
		     "futex: rc %d, %m after %.3f s (want ETIMEDOUT; EINTR = "
		     "the 1 s guard fired, the offset was ignored)", rc, el);
	CHILD_ASSERT(el >= 0.004 && el < 1.0,
		     "waited %.3f s for a 0.005 s deadline", el);
	timer_delete(guard);
	return 0;
}

NSC_RULES(time_17_absolute_futex_timeout_uses_ns_clock, "TIME-17");
TEST_F(tsys, time_17_absolute_futex_timeout_uses_ns_clock)
{
	uint32_t word = 0;
	struct timespec host;

	/* the parent's own view: the same deadline form, on the host clock */
	ASSERT_EQ(0, clock_gettime(CLOCK_MONOTONIC, &host));
	host.tv_nsec += DEADLINE_NS;
	if (host.tv_nsec >= 1000000000L) {
		host.tv_sec++;
		host.tv_nsec -= 1000000000L;
	}
	errno = 0;
	ASSERT_EQ(-1, futex_wait_abs(&word, &host));
	if (errno == ENOSYS)
		SKIP(return, "kernel lacks futex (ENOSYS)");
	ASSERT_EQ(ETIMEDOUT, errno) TH_LOG("%m");
	ASSERT_CHILD_RUN(0, child_futex, &self->time_new);
}

TEST_HARNESS_MAIN
