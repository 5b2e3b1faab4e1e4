// SPDX-License-Identifier: GPL-2.0
/*
 * Time namespaces: creation and the /proc/PID/timens_offsets file.
 * Source: time_namespaces(7), clone(2), unshare(2).
 *
 * The test process (forked per test by the harness) is the only one that
 * unshares; nothing here touches the host's clocks.
 */
#include <linux/capability.h>

#include "nsc_harness.h"
#include "time_util.h"

FIXTURE(offsets) {
	struct nsc_child child;
	ino_t time_0;		/* the test's time ns before any unshare */
};

FIXTURE_VARIANT(offsets) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(offsets);

FIXTURE_SETUP(offsets)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_REQUIRE(nsc_need_nstype(&nsc_nstypes[NSC_NS_TIME]));
	NSC_ENTER_PRIV(variant->priv);
	self->time_0 = nsc_ns_ino(0, "time");
	ASSERT_NE(0, self->time_0) TH_LOG("/proc/self/ns/time: %m");
}

FIXTURE_TEARDOWN(offsets)
{
	nsc_child_kill(&self->child);
}

/* Child: sends the inode of its time ns and its offsets. */
struct report {
	ino_t time;
	struct timens_off off;
	double mono;
};

static int report_ns(int sock, void *arg)
{
	struct report r;

	r.time = nsc_ns_ino(0, "time");
	r.mono = clock_sec(CLOCK_MONOTONIC);
	CHILD_ASSERT(!timens_offsets_read(0, &r.off), "%m");
	return nsc_send_buf(sock, &r, sizeof(r)) ? 1 : 0;
}

static void child_report(struct __test_metadata *_metadata,
			 FIXTURE_DATA(offsets) *self, uint64_t flags,
			 struct report *r)
{
	ASSERT_CHILD_START(&self->child, flags, report_ns, NULL);
	ASSERT_EQ(sizeof(*r), nsc_recv_buf(self->child.sock, r, sizeof(*r)));
	ASSERT_CHILD_OK(&self->child);
}

NSC_RULES(time_01_unshare_moves_only_children, "TIME-01");
TEST_F(offsets, time_01_unshare_moves_only_children)
{
	struct report r;
	ino_t for_children;

	ASSERT_EQ(0, unshare(CLONE_NEWTIME)) TH_LOG("%m");
	EXPECT_EQ(self->time_0, nsc_ns_ino(0, "time"))
		TH_LOG("the caller itself moved");
	for_children = nsc_ns_ino(0, "time_for_children");
	ASSERT_NE(self->time_0, for_children)
		TH_LOG("time_for_children does not name a new ns");
	child_report(_metadata, self, 0, &r);
	EXPECT_EQ(for_children, r.time);
}

NSC_RULES(time_02_initial_ns_has_zero_offsets, "TIME-02");
TEST_F(offsets, time_02_initial_ns_has_zero_offsets)
{
	struct timens_off o;

	if (self->time_0 != NSC_TIME_INIT_INO)
		SKIP(return, "not running in the initial time namespace");
	ASSERT_EQ(0, timens_offsets_read(0, &o)) TH_LOG("%m");
	EXPECT_EQ(0, o.mono_s);
	EXPECT_EQ(0, o.mono_ns);
	EXPECT_EQ(0, o.boot_s);
	EXPECT_EQ(0, o.boot_ns);
}

/* Member of ns1: makes ns2 from inside and reports ns2's offsets. */
static int nested_copy(int sock, void *arg)
{
	struct timens_off o;

	CHILD_ASSERT(!unshare(CLONE_NEWTIME), "%m");
	CHILD_ASSERT(nsc_ns_ino(0, "time_for_children") != nsc_ns_ino(0, "time"),
		     "no new time ns");
	CHILD_ASSERT(!timens_offsets_read(0, &o), "%m");
	CHILD_ASSERT(o.mono_s == 1000 && o.boot_s == 2000,
		     "ns2 starts with monotonic %lld boottime %lld, creator's ns "
		     "has 1000 2000", o.mono_s, o.boot_s);
	return 0;
}

NSC_RULES(time_02_new_ns_copies_creator_offsets, "TIME-02");
TEST_F(offsets, time_02_new_ns_copies_creator_offsets)
{
	ASSERT_EQ(0, timens_new(1000, 2000)) TH_LOG("%m");
	ASSERT_CHILD_START_HELD(&self->child, 0, nested_copy, NULL);
	ASSERT_NE(self->time_0, nsc_ns_ino(self->child.pid, "time"));
	ASSERT_EQ(0, nsc_child_release(&self->child)) TH_LOG("%m");
	ASSERT_CHILD_OK(&self->child);
}

NSC_RULES(time_03_proc_file_is_for_children, "TIME-03");
TEST_F(offsets, time_03_proc_file_is_for_children)
{
	struct timens_off o;
	struct report r;
	double before;

	ASSERT_EQ(0, unshare(CLONE_NEWTIME)) TH_LOG("%m");
	ASSERT_EQ(0, timens_offsets_write("monotonic 5000 0")) TH_LOG("%m");
	ASSERT_EQ(0, timens_offsets_read(0, &o)) TH_LOG("%m");
	EXPECT_EQ(5000, o.mono_s);
	before = clock_sec(CLOCK_MONOTONIC);
	child_report(_metadata, self, 0, &r);
	/* the child, in time_for_children, runs with the offset ... */
	EXPECT_EQ(5000, r.off.mono_s);
	EXPECT_GE(r.mono - before, 5000.0);
	EXPECT_LT(r.mono - before, 5001.0);
	/* ... while the writer, still in the old ns, does not */
	EXPECT_LT(clock_sec(CLOCK_MONOTONIC) - before, 1.0);
	EXPECT_EQ(self->time_0, nsc_ns_ino(0, "time"));
}

static int just_exit(int sock, void *arg)
{
	return 0;
}

NSC_RULES(time_04_offsets_frozen_after_first_member, "TIME-04");
TEST_F(offsets, time_04_offsets_frozen_after_first_member)
{
	struct timens_off o;

	ASSERT_EQ(0, nsc_unshare_checked(CLONE_NEWTIME)) TH_LOG("%m");
	ASSERT_EQ(0, timens_offsets_write("monotonic 10 0")) TH_LOG("%m");
	ASSERT_EQ(0, timens_offsets_write("monotonic 20 0")) TH_LOG("%m");
	ASSERT_CHILD_RUN(0, just_exit, NULL);
	/* the ns has had a member (gone now): frozen for good */
	errno = 0;
	EXPECT_EQ(-1, timens_offsets_write("monotonic 30 0"));
	EXPECT_EQ(EACCES, errno) TH_LOG("%m");
	ASSERT_EQ(0, timens_offsets_read(0, &o)) TH_LOG("%m");
	EXPECT_EQ(20, o.mono_s);
}

/* C: a time ns for its children that never gets one; offsets set twice,
 * then, after another process has joined it, refused. */
static int unshare_time_wait_join(int sock, void *arg)
{
	CHILD_ASSERT(!nsc_unshare_checked(CLONE_NEWTIME), "%m");
	CHILD_ASSERT(!timens_offsets_write("monotonic 10 0"), "%m");
	CHILD_ASSERT(!timens_offsets_write("monotonic 20 0"), "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	CHILD_ASSERT(nsc_recv_byte(sock) == 'j', "no go-ahead");
	errno = 0;
	CHILD_ASSERT(timens_offsets_write("monotonic 30 0") == -1 &&
		     errno == EACCES, "write after a join: %m");
	return 0;
}

/* The same freeze when the first member joined by setns(), no process
 * having been created in the ns. */
NSC_RULES(time_04_offsets_frozen_after_first_join, "TIME-04");
TEST_F(offsets, time_04_offsets_frozen_after_first_join)
{
	struct timens_off o;
	ino_t t2;
	int fd;

	ASSERT_CHILD_START(&self->child, 0, unshare_time_wait_join, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	fd = nsc_ns_open(self->child.pid, "time_for_children");
	ASSERT_LE(0, fd) TH_LOG("%m");
	t2 = nsc_ns_ino(self->child.pid, "time_for_children");
	ASSERT_NE(0, t2);
	ASSERT_NE(self->time_0, t2) TH_LOG("the child's time ns is ours");
	/* we join it: its first member */
	ASSERT_EQ(0, setns(fd, CLONE_NEWTIME)) TH_LOG("setns(time): %m");
	close(fd);
	ASSERT_EQ(t2, nsc_ns_ino(0, "time"));
	ASSERT_EQ(0, timens_offsets_read(0, &o)) TH_LOG("%m");
	EXPECT_EQ(20, o.mono_s);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'j'));
	ASSERT_CHILD_OK(&self->child);
	/* and from the member's side too */
	errno = 0;
	EXPECT_EQ(-1, timens_offsets_write("monotonic 40 0"));
	EXPECT_EQ(EACCES, errno) TH_LOG("%m");
}

NSC_RULES(time_05_invalid_offsets_rejected, "TIME-05");
TEST_F(offsets, time_05_invalid_offsets_rejected)
{
	static const struct { const char *text; int err; } bad[] = {
		{ "monotonic 0 1000000000", EINVAL },	/* ns >= 1 s */
		{ "realtime 100 0", EINVAL },		/* not a ns clock */
		{ "monotonic -4611686018 0", ERANGE },	/* clock would be < 0 */
		{ "boottime 4611686018 0", ERANGE },	/* > KTIME_SEC_MAX / 2 */
	};
	struct timens_off o;

	ASSERT_EQ(0, unshare(CLONE_NEWTIME)) TH_LOG("%m");
	for (size_t i = 0; i < NSC_ARRAY_SIZE(bad); i++) {
		errno = 0;
		EXPECT_EQ(-1, timens_offsets_write(bad[i].text))
			TH_LOG("'%s' accepted", bad[i].text);
		EXPECT_EQ(bad[i].err, errno) TH_LOG("'%s': %m", bad[i].text);
	}
	ASSERT_EQ(0, timens_offsets_read(0, &o)) TH_LOG("%m");
	EXPECT_EQ(0, o.mono_s + o.boot_s + o.mono_ns + o.boot_ns)
		TH_LOG("a rejected write changed the offsets");
}

NSC_RULES(time_06_numeric_ids_and_several_records, "TIME-06");
TEST_F(offsets, time_06_numeric_ids_and_several_records)
{
	struct timens_off o;

	ASSERT_EQ(0, unshare(CLONE_NEWTIME)) TH_LOG("%m");
	ASSERT_EQ(0, timens_offsets_write("7 200 0\nmonotonic 300 5\n"))
		TH_LOG("%m");
	ASSERT_EQ(0, timens_offsets_read(0, &o)) TH_LOG("%m");
	EXPECT_EQ(200, o.boot_s);
	EXPECT_EQ(300, o.mono_s);
	EXPECT_EQ(5, o.mono_ns);
	ASSERT_EQ(0, timens_offsets_write("1 400 0\n")) TH_LOG("%m");
	ASSERT_EQ(0, timens_offsets_read(0, &o)) TH_LOG("%m");
	EXPECT_EQ(400, o.mono_s);
}

NSC_RULES(time_15_clone3_newtime_child_is_member, "TIME-15");
TEST_F(offsets, time_15_clone3_newtime_child_is_member)
{
	struct report r;

	child_report(_metadata, self, CLONE_NEWTIME, &r);
	EXPECT_NE(self->time_0, r.time) TH_LOG("child not in a new time ns");
}

/* Member of an ns with offsets: clone3(CLONE_NEWTIME) a grandchild. */
static int frozen_grandchild(int sock, void *arg)
{
	struct timens_off o;

	CHILD_ASSERT(!timens_offsets_read(0, &o), "%m");
	CHILD_ASSERT(o.mono_s == 700 && o.boot_s == 800,
		     "new ns has %lld %lld, creator's has 700 800", o.mono_s,
		     o.boot_s);
	errno = 0;
	CHILD_ASSERT(timens_offsets_write("monotonic 1 0") == -1 &&
		     errno == EACCES, "write: errno %d (want EACCES)", errno);
	return 0;
}

static int clone3_newtime(int sock, void *arg)
{
	struct nsc_child g = NSC_CHILD_INIT;
	ino_t mine = nsc_ns_ino(0, "time");
	int rc;

	CHILD_ASSERT(!nsc_child_start_held(&g, CLONE_NEWTIME, frozen_grandchild, NULL),
		     "clone3(CLONE_NEWTIME): %m");
	CHILD_ASSERT(nsc_ns_ino(g.pid, "time") != mine, "grandchild shares ns");
	CHILD_ASSERT(!nsc_child_release(&g), "%m");
	rc = nsc_child_wait(&g);
	CHILD_ASSERT(rc == 0, "grandchild failed (%d)", rc);
	return 0;
}

NSC_RULES(time_15_clone3_newtime_copies_and_freezes, "TIME-15");
TEST_F(offsets, time_15_clone3_newtime_copies_and_freezes)
{
	ASSERT_EQ(0, timens_new(700, 800)) TH_LOG("%m");
	ASSERT_CHILD_RUN(0, clone3_newtime, NULL);
}

/* As an unprivileged uid: no time ns without a user ns; with one, yes. */
static int unpriv_timens(int sock, void *arg)
{
	struct nsc_child g = NSC_CHILD_INIT;
	struct report r;
	double before;
	int rc;

	CHILD_ASSERT(!nsc_drop_to_nobody(), "%m");
	errno = 0;
	CHILD_ASSERT(unshare(CLONE_NEWTIME) == -1 && errno == EPERM,
		     "unshare(CLONE_NEWTIME) without a user ns: errno %d", errno);
	CHILD_ASSERT(!nsc_unshare_userns_root(CLONE_NEWTIME), "%m");
	CHILD_ASSERT(!timens_offsets_write("monotonic 3000 0"), "%m");
	/* without CAP_SYS_TIME over the ns's owner: EPERM */
	CHILD_ASSERT(!nsc_cap_drop_effective(CAP_SYS_TIME), "%m");
	errno = 0;
	CHILD_ASSERT(timens_offsets_write("monotonic 4000 0") == -1 &&
		     errno == EPERM, "write without CAP_SYS_TIME: errno %d", errno);
	before = clock_sec(CLOCK_MONOTONIC);
	CHILD_ASSERT(!nsc_child_start(&g, 0, report_ns, NULL), "%m");
	CHILD_ASSERT(nsc_recv_buf(g.sock, &r, sizeof(r)) == sizeof(r), "%m");
	rc = nsc_child_wait(&g);
	CHILD_ASSERT(rc == 0, "grandchild failed (%d)", rc);
	CHILD_ASSERT(r.mono - before >= 3000 && r.mono - before < 3001,
		     "grandchild's clock moved %.3f s", r.mono - before);
	return 0;
}

NSC_RULES(time_07_offsets_need_cap_sys_time_in_owner, "TIME-07");
NSC_REQUIRES(time_07_offsets_need_cap_sys_time_in_owner,
	     NSC_NSTYPES(CLONE_NEWTIME), NSC_USERNS);
TEST(time_07_offsets_need_cap_sys_time_in_owner)
{
	struct nsc_child c = NSC_CHILD_INIT;

	ASSERT_CHILD_START(&c, 0, unpriv_timens, NULL);
	ASSERT_CHILD_OK(&c);
}

TEST_HARNESS_MAIN
