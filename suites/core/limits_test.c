// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/sys/user/max_*_namespaces: per-type caps, defaults, charging to
 * ancestors. Every limit is changed only inside a user namespace the test
 * creates (the values live in that user ns and die with it), never on the
 * host.
 * Source: namespaces(7) (The /proc/sys/user directory), unshare(2) ERRORS.
 */
#include <limits.h>

#include "core_util.h"

FIXTURE(limit) {
	struct nsc_child child;
	int pins[4];
};

FIXTURE_VARIANT(limit) {
	const struct nsc_nstype *type;
};

NSC_NSTYPE_VARIANTS(limit);

FIXTURE_SETUP(limit)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	for (size_t i = 0; i < NSC_ARRAY_SIZE(self->pins); i++)
		self->pins[i] = -EBADF;
	NSC_REQUIRE(nsc_need_nstype(variant->type));
	NSC_REQUIRE(nsc_need_userns());
	/* our own user ns: its limits are ours to change */
	ASSERT_EQ(0, nsc_unshare_userns_root(0)) TH_LOG("%m");
}

FIXTURE_TEARDOWN(limit)
{
	nsc_child_kill(&self->child);
	for (size_t i = 0; i < NSC_ARRAY_SIZE(self->pins); i++)
		if (self->pins[i] >= 0)
			close(self->pins[i]);
}

/* A namespace of type t made by a child, kept alive only by the fd. */
static int make_pinned(struct nsc_child *c, const struct nsc_nstype *t)
{
	int fd;

	if (nsc_child_start(c, t->flag, nsc_child_park, NULL))
		return -1;
	if (nsc_recv_byte(c->sock) != 'r') {
		nsc_child_kill(c);
		errno = EPIPE;
		return -1;
	}
	fd = nsc_ns_open(c->pid, t->name);
	nsc_child_kill(c);
	return fd;
}

/* covers: CORE-21 */
TEST_F(limit, core_21_max_namespaces_caps_creation)
{
	const struct nsc_nstype *t = variant->type;
	const int n = 2;
	long v = 0;

	ASSERT_EQ(0, nsc_write_long(t->max_sysctl, n))
		TH_LOG("write %s in our user ns: %m", t->max_sysctl);
	ASSERT_EQ(0, nsc_read_long(t->max_sysctl, &v));
	ASSERT_EQ(n, v);
	for (int i = 0; i < n; i++) {
		self->pins[i] = make_pinned(&self->child, t);
		ASSERT_LE(0, self->pins[i]) TH_LOG("%s ns #%d of %d: %m", t->name, i + 1, n);
	}
	errno = 0;
	EXPECT_EQ(-1, unshare(t->flag));
	EXPECT_EQ(ENOSPC, errno) TH_LOG("%s ns #%d: %m", t->name, n + 1);
	/* control: one more allowed, one more made */
	ASSERT_EQ(0, nsc_write_long(t->max_sysctl, n + 1)) TH_LOG("%m");
	EXPECT_EQ(0, unshare(t->flag)) TH_LOG("with the limit raised: %m");
}

static const char *const max_files[] = {
	"cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts",
};

static int read_max(const char *type, long *v)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/sys/user/max_%s_namespaces", type);
	return nsc_read_long(path, v);
}

/* covers: CORE-22 */
TEST(core_22_initial_defaults_half_threads_max)
{
	char map[128];
	long tmax, v;

	ASSERT_EQ(0, nsc_read_line("/proc/self/uid_map", map, sizeof(map)));
	if (!strstr(map, "4294967295"))
		SKIP(return, "not in the initial user namespace (uid_map '%s')", map);
	ASSERT_EQ(0, nsc_read_long("/proc/sys/kernel/threads-max", &tmax));
	for (size_t i = 0; i < NSC_ARRAY_SIZE(max_files); i++) {
		if (read_max(max_files[i], &v)) {
			EXPECT_EQ(ENOENT, errno) TH_LOG("max_%s: %m", max_files[i]);
			continue;
		}
		/* set at boot from the boot-time threads-max; an administrator
		 * may have changed either since */
		EXPECT_EQ(tmax / 2, v)
			TH_LOG("max_%s_namespaces = %ld, threads-max/2 = %ld",
			       max_files[i], v, tmax / 2);
	}
}

/* covers: CORE-22 */
TEST(core_22_new_userns_limits_int_max)
{
	long v;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_EQ(0, nsc_unshare_userns_root(0)) TH_LOG("%m");
	for (size_t i = 0; i < NSC_ARRAY_SIZE(max_files); i++) {
		ASSERT_EQ(0, read_max(max_files[i], &v)) TH_LOG("max_%s: %m", max_files[i]);
		EXPECT_EQ(INT_MAX, v) TH_LOG("max_%s_namespaces", max_files[i]);
	}
}

/* covers: CORE-23 */
TEST(core_23_limit_charged_to_ancestors)
{
	const char *path = "/proc/sys/user/max_uts_namespaces";
	long v = 0;
	int pin;

	NSC_REQUIRE(nsc_need_userns());
	/* P: limit 1 */
	ASSERT_EQ(0, nsc_unshare_userns_root(0)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_write_long(path, 1)) TH_LOG("%s in P: %m", path);
	/* C, child of P made by the same uid: its own limit is INT_MAX */
	ASSERT_EQ(0, nsc_unshare_userns_root(0)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_read_long(path, &v));
	ASSERT_EQ(INT_MAX, v);
	ASSERT_EQ(0, unshare(CLONE_NEWUTS)) TH_LOG("first uts ns in C: %m");
	pin = nsc_ns_open(0, "uts");
	ASSERT_LE(0, pin);
	errno = 0;
	EXPECT_EQ(-1, unshare(CLONE_NEWUTS));
	EXPECT_EQ(ENOSPC, errno) TH_LOG("second uts ns in C: %m");
	close(pin);
}

TEST_HARNESS_MAIN
