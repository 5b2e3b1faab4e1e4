// SPDX-License-Identifier: GPL-2.0
/*
 * Time namespaces: which clocks move, and what honours the offsets.
 * Source: time_namespaces(7), clock_gettime(2), clock_nanosleep(2),
 * timer_settime(2), timerfd_create(2), vdso(7), proc(5) › /proc/uptime.
 *
 * Setup makes a time ns with large offsets (+1 day monotonic, +2 days
 * boottime) as the test process's time_for_children; children live in it.
 */
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>

#include "nsc_harness.h"
#include "time_util.h"

#define MONO_OFF 86400LL
#define BOOT_OFF (2 * 86400LL)

FIXTURE(clocks) {
	struct nsc_child child;
};

FIXTURE_VARIANT(clocks) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(clocks);

FIXTURE_SETUP(clocks)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_REQUIRE(nsc_need_nstype(&nsc_nstypes[NSC_NS_TIME]));
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_EQ(0, timens_new(MONO_OFF, BOOT_OFF)) TH_LOG("%m");
}

FIXTURE_TEARDOWN(clocks)
{
	nsc_child_kill(&self->child);
}

/* Clocks to compare: the ns clock and the offset it should carry. */
static const struct {
	clockid_t id;
	const char *name;
	long long off;
} clk[] = {
	{ CLOCK_MONOTONIC, "MONOTONIC", MONO_OFF },
	{ CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE", MONO_OFF },
	{ CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW", MONO_OFF },
	{ CLOCK_BOOTTIME, "BOOTTIME", BOOT_OFF },
	{ CLOCK_REALTIME, "REALTIME", 0 },
	{ CLOCK_TAI, "TAI", 0 },
};
#define NCLK NSC_ARRAY_SIZE(clk)

static int read_clocks(int sock, void *arg)
{
	double v[NCLK];

	for (size_t i = 0; i < NCLK; i++)
		v[i] = clock_sec(clk[i].id);
	return nsc_send_buf(sock, v, sizeof(v)) ? 1 : 0;
}

/*
 * Reads the clocks here, then in a child of the ns: each difference minus
 * the expected offset must lie in [-0.05, 1) s (the child starts within
 * milliseconds; -0.05 allows the coarse clock's tick).
 */
static void compare_clocks(struct __test_metadata *_metadata,
			   FIXTURE_DATA(clocks) *self, bool shifted)
{
	double p[NCLK], c[NCLK], d;

	for (size_t i = 0; i < NCLK; i++)
		p[i] = clock_sec(clk[i].id);
	ASSERT_CHILD_START_HELD(&self->child, 0, read_clocks, NULL);
	ASSERT_NE(nsc_ns_ino(0, "time"), nsc_ns_ino(self->child.pid, "time"));
	ASSERT_EQ(0, nsc_child_release(&self->child)) TH_LOG("%m");
	ASSERT_EQ(sizeof(c), nsc_recv_buf(self->child.sock, c, sizeof(c)));
	ASSERT_CHILD_OK(&self->child);
	for (size_t i = 0; i < NCLK; i++) {
		if ((clk[i].off != 0) != shifted)
			continue;
		d = c[i] - p[i] - clk[i].off;
		EXPECT_TRUE(d > -0.05 && d < 1.0)
			TH_LOG("CLOCK_%s moved %.3f s in the ns, want %lld",
			       clk[i].name, c[i] - p[i], clk[i].off);
	}
}

NSC_RULES(time_08_monotonic_and_boottime_shifted, "TIME-08");
TEST_F(clocks, time_08_monotonic_and_boottime_shifted)
{
	compare_clocks(_metadata, self, true);
}

NSC_RULES(time_09_realtime_and_tai_not_shifted, "TIME-09");
TEST_F(clocks, time_09_realtime_and_tai_not_shifted)
{
	compare_clocks(_metadata, self, false);
}

/* CLOCK_BOOTTIME_ALARM reads need an RTC device (EINVAL without one). */
static int read_alarm(int sock, void *arg)
{
	struct timespec t;

	if (clock_gettime(CLOCK_BOOTTIME_ALARM, &t)) {
		if (errno == EINVAL && access("/sys/class/rtc/rtc0", F_OK))
			CHILD_SKIP("no RTC device (no /sys/class/rtc/rtc0): "
				   "CLOCK_BOOTTIME_ALARM reads fail EINVAL");
		CHILD_ASSERT(0, "clock_gettime(CLOCK_BOOTTIME_ALARM): %m");
	}
	return nsc_send_buf(sock, &t, sizeof(t)) ? 1 : 0;
}

NSC_RULES(time_08_boottime_alarm_shifted, "TIME-08");
TEST_F(clocks, time_08_boottime_alarm_shifted)
{
	struct timespec p, c;
	double d;

	ASSERT_EQ(0, clock_gettime(CLOCK_BOOTTIME, &p));
	ASSERT_CHILD_START(&self->child, 0, read_alarm, NULL);
	if (nsc_recv_buf(self->child.sock, &c, sizeof(c)) != sizeof(c))
		ASSERT_CHILD_OK(&self->child);	/* SKIP or FAIL from the child */
	ASSERT_CHILD_OK(&self->child);
	d = ts_sec(&c) - ts_sec(&p) - BOOT_OFF;
	EXPECT_TRUE(d > -0.05 && d < 1.0)
		TH_LOG("CLOCK_BOOTTIME_ALARM moved %.3f s in the ns, want %lld",
		       ts_sec(&c) - ts_sec(&p), BOOT_OFF);
}

static int read_uptime(int sock, void *arg)
{
	double u[2];

	CHILD_ASSERT(nsc_read_file("/proc/uptime", (char *)arg, 64) > 0, "%m");
	CHILD_ASSERT(sscanf(arg, "%lf %lf", &u[0], &u[1]) == 2, "%s", (char *)arg);
	return nsc_send_buf(sock, u, sizeof(u)) ? 1 : 0;
}

NSC_RULES(time_10_uptime_includes_boottime_offset, "TIME-10");
TEST_F(clocks, time_10_uptime_includes_boottime_offset)
{
	char buf[64];
	double p[2], c[2];

	ASSERT_LT(0, nsc_read_file("/proc/uptime", buf, sizeof(buf)));
	ASSERT_EQ(2, sscanf(buf, "%lf %lf", &p[0], &p[1]));
	ASSERT_CHILD_START(&self->child, 0, read_uptime, buf);
	ASSERT_EQ(sizeof(c), nsc_recv_buf(self->child.sock, c, sizeof(c)));
	ASSERT_CHILD_OK(&self->child);
	EXPECT_TRUE(c[0] - p[0] - BOOT_OFF > -0.05 && c[0] - p[0] - BOOT_OFF < 1.0)
		TH_LOG("uptime %.2f -> %.2f", p[0], c[0]);
	/* idle time is summed over CPUs, so it moves a few seconds at most */
	EXPECT_LT(c[1] - p[1], 60.0) TH_LOG("idle %.2f -> %.2f", p[1], c[1]);
}

/*
 * Absolute deadlines 5 ms ahead on the ns's CLOCK_MONOTONIC. A kernel that
 * took the value as a host time would wait a day (caught by the 1 s bounds
 * below) or not at all (caught by the lower bound). This rule needs a real
 * timed wait; it is kept at 3 x 5 ms.
 */
#define DEADLINE_NS 5000000L

static void no_op(int sig)
{
}

static struct timespec ns_deadline(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_nsec += DEADLINE_NS;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

static bool waited_ok(double start, const char *what)
{
	double el = clock_sec(CLOCK_REALTIME) - start;

	if (el >= 0.004 && el < 1.0)
		return true;
	nsc_child_log(__FILE__, __LINE__, "%s: waited %.3f s for a 0.005 s deadline",
		      what, el);
	return false;
}

static int absolute_deadlines(int sock, void *arg)
{
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
	struct itimerspec its = { { 0, 0 }, { 1, 0 } };
	struct pollfd pfd = { .events = POLLIN };
	struct sigaction sa = { .sa_handler = no_op };
	struct timespec one_s = { 1, 0 };
	timer_t guard, t;
	sigset_t set;
	double start;

	CHILD_ASSERT(clock_sec(CLOCK_MONOTONIC) > MONO_OFF, "not in the ns");
	/* clock_nanosleep(TIMER_ABSTIME), guarded by a 1 s SIGALRM */
	CHILD_ASSERT(!sigaction(SIGALRM, &sa, NULL), "%m");
	CHILD_ASSERT(!timer_create(CLOCK_REALTIME, NULL, &guard), "%m");
	CHILD_ASSERT(!timer_settime(guard, 0, &its, NULL), "%m");
	start = clock_sec(CLOCK_REALTIME);
	its.it_value = ns_deadline();
	errno = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &its.it_value, NULL);
	CHILD_ASSERT(errno == 0, "clock_nanosleep: %m");
	CHILD_ASSERT(waited_ok(start, "clock_nanosleep"), "too early or late");
	timer_delete(guard);
	/* timer_settime(TIMER_ABSTIME): signal collected with a 1 s bound */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHILD_ASSERT(!sigprocmask(SIG_BLOCK, &set, NULL), "%m");
	CHILD_ASSERT(!timer_create(CLOCK_MONOTONIC, &sev, &t), "%m");
	start = clock_sec(CLOCK_REALTIME);
	its.it_value = ns_deadline();
	CHILD_ASSERT(!timer_settime(t, TIMER_ABSTIME, &its, NULL), "%m");
	CHILD_ASSERT(sigtimedwait(&set, NULL, &one_s) == SIGUSR1,
		     "timer did not fire within 1 s: %m");
	CHILD_ASSERT(waited_ok(start, "timer_settime"), "too early or late");
	/* timerfd(TFD_TIMER_ABSTIME), polled with a 1 s bound */
	pfd.fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	CHILD_ASSERT(pfd.fd >= 0, "%m");
	start = clock_sec(CLOCK_REALTIME);
	its.it_value = ns_deadline();
	CHILD_ASSERT(!timerfd_settime(pfd.fd, TFD_TIMER_ABSTIME, &its, NULL), "%m");
	CHILD_ASSERT(poll(&pfd, 1, 1000) == 1, "timerfd silent for 1 s");
	CHILD_ASSERT(waited_ok(start, "timerfd"), "too early or late");
	return 0;
}

NSC_RULES(time_11_absolute_deadlines_use_ns_clock, "TIME-11");
TEST_F(clocks, time_11_absolute_deadlines_use_ns_clock)
{
	ASSERT_CHILD_RUN(0, absolute_deadlines, NULL);
}

/* vDSO (libc) and raw syscall, for both shifted clocks. */
static int vdso_vs_syscall(int sock, void *arg)
{
	static const clockid_t ids[] = { CLOCK_MONOTONIC, CLOCK_BOOTTIME };
	static const long long off[] = { MONO_OFF, BOOT_OFF };
	const double *parent = arg;
	struct timespec v, s;

	for (int i = 0; i < 2; i++) {
		CHILD_ASSERT(!clock_gettime(ids[i], &v), "%m");
		CHILD_ASSERT(!syscall(SYS_clock_gettime, ids[i], &s), "%m");
		CHILD_ASSERT(ts_sec(&s) - ts_sec(&v) >= 0 &&
			     ts_sec(&s) - ts_sec(&v) < 0.5,
			     "clock %d: vDSO %.3f, syscall %.3f", ids[i],
			     ts_sec(&v), ts_sec(&s));
		CHILD_ASSERT(ts_sec(&v) - parent[i] - off[i] > -0.05 &&
			     ts_sec(&v) - parent[i] - off[i] < 1.0,
			     "clock %d: not shifted (%.3f vs %.3f)", ids[i],
			     ts_sec(&v), parent[i]);
	}
	return 0;
}

NSC_RULES(time_12_vdso_and_syscall_agree, "TIME-12");
TEST_F(clocks, time_12_vdso_and_syscall_agree)
{
	double p[2] = { clock_sec(CLOCK_MONOTONIC), clock_sec(CLOCK_BOOTTIME) };

	ASSERT_CHILD_RUN(0, vdso_vs_syscall, p);
}

TEST_HARNESS_MAIN
