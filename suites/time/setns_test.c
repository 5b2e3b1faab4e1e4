// SPDX-License-Identifier: GPL-2.0
/*
 * setns() into a time namespace. Source: setns(2), time_namespaces(7).
 *
 * The target is the test's own time_for_children ns (made and given offsets
 * in setup); only the test process moves.
 */
#include <pthread.h>
#include <sys/stat.h>

#include "nsc_harness.h"
#include "time_util.h"

#define MONO_OFF 10000LL

FIXTURE(tsetns) {
	int fd;			/* the target time ns */
	ino_t time_0;
};

FIXTURE_VARIANT(tsetns) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(tsetns);

FIXTURE_SETUP(tsetns)
{
	self->fd = -EBADF;
	NSC_REQUIRE(nsc_need_nstype(&nsc_nstypes[NSC_NS_TIME]));
	NSC_ENTER_PRIV(variant->priv);
	self->time_0 = nsc_ns_ino(0, "time");
	ASSERT_EQ(0, timens_new(MONO_OFF, 0)) TH_LOG("%m");
	self->fd = open("/proc/self/ns/time_for_children", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, self->fd) TH_LOG("%m");
	ASSERT_NE(self->time_0, nsc_ns_ino(0, "time_for_children"));
}

FIXTURE_TEARDOWN(tsetns)
{
	if (self->fd >= 0)
		close(self->fd);
}

NSC_RULES(time_13_setns_moves_caller, "TIME-13");
TEST_F(tsetns, time_13_setns_moves_caller)
{
	ino_t target = nsc_ns_ino(0, "time_for_children");
	struct timespec raw;
	double before, after;

	before = clock_sec(CLOCK_MONOTONIC);
	ASSERT_EQ(0, setns(self->fd, CLONE_NEWTIME)) TH_LOG("%m");
	after = clock_sec(CLOCK_MONOTONIC);
	EXPECT_TRUE(after - before - MONO_OFF > -0.05 && after - before - MONO_OFF < 1.0)
		TH_LOG("CLOCK_MONOTONIC %.3f -> %.3f", before, after);
	/* the raw syscall agrees with the vDSO after the switch */
	ASSERT_EQ(0, syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &raw));
	EXPECT_LT(ts_sec(&raw) - after, 0.5);
	EXPECT_GE(ts_sec(&raw) - after, 0.0);
	EXPECT_EQ(target, nsc_ns_ino(0, "time"));
	EXPECT_EQ(target, nsc_ns_ino(0, "time_for_children"));
}

static void *park(void *arg)
{
	char c;

	/* returns when the test closes the write end */
	return (void *)(long)read(*(int *)arg, &c, 1);
}

/*
 * TIME-14 has a fixture of its own: kernels before 6.x (seen on 6.1) refuse
 * to create a thread while time_for_children differs from time, so the
 * target ns belongs to a parked child here, not to our own unshare().
 */
FIXTURE(tsetns_mt) {
	struct nsc_child holder;
};

FIXTURE_VARIANT(tsetns_mt) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(tsetns_mt);

FIXTURE_SETUP(tsetns_mt)
{
	self->holder = (struct nsc_child)NSC_CHILD_INIT;
	NSC_REQUIRE(nsc_need_nstype(&nsc_nstypes[NSC_NS_TIME]));
	NSC_ENTER_PRIV(variant->priv);
}

FIXTURE_TEARDOWN(tsetns_mt)
{
	nsc_child_kill(&self->holder);
}

NSC_RULES(time_14_setns_multithreaded_eusers, "TIME-14");
TEST_F(tsetns_mt, time_14_setns_multithreaded_eusers)
{
	ino_t time_0 = nsc_ns_ino(0, "time");
	pthread_t th;
	int p[2], err, fd;

	ASSERT_CHILD_START(&self->holder, CLONE_NEWTIME, nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->holder.sock));
	ASSERT_NE(time_0, nsc_ns_ino(self->holder.pid, "time"));
	fd = nsc_ns_open(self->holder.pid, "time");
	ASSERT_LE(0, fd) TH_LOG("%m");
	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	ASSERT_EQ(0, pthread_create(&th, NULL, park, &p[0]));
	errno = 0;
	err = setns(fd, CLONE_NEWTIME) ? errno : 0;
	close(p[1]);
	pthread_join(th, NULL);
	close(p[0]);
	close(fd);
	EXPECT_EQ(EUSERS, err) TH_LOG("setns with two threads: %s", strerror(err));
	EXPECT_EQ(time_0, nsc_ns_ino(0, "time"));
	EXPECT_EQ(time_0, nsc_ns_ino(0, "time_for_children"));
}

struct tid_park {
	int rfd;
	_Atomic pid_t tid;
};

static void *park_tid(void *arg)
{
	struct tid_park *t = arg;
	char c;

	t->tid = gettid();
	return (void *)(long)read(t->rfd, &c, 1);
}

/*
 * Up to 6.1 copy_process() refuses CLONE_THREAD|CLONE_VM while
 * time_for_children differs from time (pthread_create EINVAL); since
 * 2b5f9dad32ed ("fs/exec: switch timens when a task gets a new mm", 6.2)
 * the thread is made, in the caller's time ns.
 */
NSC_RULES(time_14_thread_while_time_for_children_differs, "TIME-14");
TEST_F(tsetns_mt, time_14_thread_while_time_for_children_differs)
{
	ino_t time_0 = nsc_ns_ino(0, "time"), kids;
	struct tid_park t = { .tid = 0 };
	char link[64];
	struct stat st;
	pthread_t th;
	int p[2], err;

	ASSERT_NE(0, time_0);
	ASSERT_EQ(0, unshare(CLONE_NEWTIME)) TH_LOG("%m");
	kids = nsc_ns_ino(0, "time_for_children");
	ASSERT_NE(0, kids);
	ASSERT_NE(time_0, kids);
	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	t.rfd = p[0];
	err = pthread_create(&th, NULL, park_tid, &t);
	if (!nsc_kernel_at_least(6, 2)) {
		EXPECT_EQ(EINVAL, err) TH_LOG("pthread_create: %s", strerror(err));
		if (!err) {
			close(p[1]);
			pthread_join(th, NULL);
		}
		close(p[0]);
		return;
	}
	ASSERT_EQ(0, err) TH_LOG("pthread_create: %s", strerror(err));
	while (!t.tid)
		sched_yield();
	snprintf(link, sizeof(link), "/proc/self/task/%d/ns/time", (int)t.tid);
	ASSERT_EQ(0, stat(link, &st)) TH_LOG("%s: %m", link);
	EXPECT_EQ(time_0, st.st_ino) TH_LOG("the thread's time ns");
	EXPECT_EQ(time_0, nsc_ns_ino(0, "time"));
	close(p[1]);
	pthread_join(th, NULL);
	close(p[0]);
}

TEST_HARNESS_MAIN
