// SPDX-License-Identifier: GPL-2.0
/*
 * User namespaces: who may create one, and how deep they nest.
 * Source: user_namespaces(7) › Nested namespaces, namespace membership;
 * unshare(2) › ERRORS; clone(2) › ERRORS.
 */
#include "nsc_harness.h"
#include "user_util.h"

static int unpriv_unshare(int sock, void *arg)
{
	ino_t before = nsc_ns_ino(0, "user");
	char buf[32];

	CHILD_ASSERT(!user_drop_privs(), "%m");
	CHILD_ASSERT(nsc_status_field(0, "CapEff", buf, sizeof(buf)) == 0 &&
		     strtoull(buf, NULL, 16) == 0, "CapEff %s before unshare", buf);
	CHILD_ASSERT(!unshare(CLONE_NEWUSER), "unshare(CLONE_NEWUSER): %m");
	CHILD_ASSERT(nsc_ns_ino(0, "user") != before, "user ns unchanged");
	return 0;
}

NSC_RULES(user_01_unprivileged_process_creates_userns, "USER-01");
TEST(user_01_unprivileged_process_creates_userns)
{
	struct nsc_child c = NSC_CHILD_INIT;
	ino_t mine = nsc_ns_ino(0, "user");

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_CHILD_START(&c, 0, unpriv_unshare, NULL);
	ASSERT_CHILD_OK(&c);
	EXPECT_EQ(mine, nsc_ns_ino(0, "user"));
}

/* Child: nests user namespaces until the kernel refuses; reports the
 * number of levels made and the errno of the refusal. */
struct depth {
	int levels;
	int err;
};

static int nest_until_refused(int sock, void *arg)
{
	struct depth d = { 0, 0 };
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char m[32];

	for (d.levels = 0; d.levels < 64; d.levels++) {
		ino_t below = nsc_ns_ino(0, "user");

		if (unshare(CLONE_NEWUSER)) {
			d.err = errno;
			break;
		}
		CHILD_ASSERT(nsc_ns_ino(0, "user") != below,
			     "level %d: no new user ns", d.levels + 1);
		/* map our id so the next level may be created (USER-26) */
		snprintf(m, sizeof(m), "0 %u 1\n", uid);
		CHILD_ASSERT(!user_write_pid(0, "uid_map", m), "uid_map: %m");
		CHILD_ASSERT(!user_write_pid(0, "setgroups", "deny"), "%m");
		snprintf(m, sizeof(m), "0 %u 1\n", gid);
		CHILD_ASSERT(!user_write_pid(0, "gid_map", m), "gid_map: %m");
		uid = gid = 0;
	}
	return nsc_send_buf(sock, &d, sizeof(d)) ? 1 : 0;
}

/*
 * The kernel refuses a new user ns when the parent's level is above 32; the
 * initial ns has level 0, so 33 levels fit below it (user_namespaces(7)
 * says 32).
 */
NSC_RULES(user_24_userns_nest_33_levels_then_enospc, "USER-24");
NSC_REQUIRES(user_24_userns_nest_33_levels_then_enospc, NSC_USERNS);
TEST(user_24_userns_nest_33_levels_then_enospc)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct depth d;

	if (!nsc_in_init_userns())
		SKIP(return, "not running in the initial user namespace: "
			     "the depth count starts there");
	ASSERT_CHILD_START(&c, 0, nest_until_refused, NULL);
	ASSERT_EQ(sizeof(d), nsc_recv_buf(c.sock, &d, sizeof(d)));
	ASSERT_CHILD_OK(&c);
	EXPECT_EQ(33, d.levels);
	EXPECT_EQ(ENOSPC, d.err) TH_LOG("refused with %s", strerror(d.err));
}

static int unmapped_nested(int sock, void *arg)
{
	ino_t first;

	CHILD_ASSERT(!unshare(CLONE_NEWUSER), "%m");
	first = nsc_ns_ino(0, "user");
	CHILD_ASSERT(nsc_caps_full(), "no full caps in the new ns");
	errno = 0;
	CHILD_ASSERT(unshare(CLONE_NEWUSER) == -1 && errno == EPERM,
		     "second unshare with unmapped ids: errno %d", errno);
	CHILD_ASSERT(nsc_ns_ino(0, "user") == first, "user ns changed");
	return 0;
}

FIXTURE(nest) {
	struct nsc_child child;
};

FIXTURE_VARIANT(nest) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(nest);

FIXTURE_SETUP(nest)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
}

FIXTURE_TEARDOWN(nest)
{
	nsc_child_kill(&self->child);
}

NSC_RULES(user_26_unmapped_creator_cannot_nest, "USER-26");
TEST_F(nest, user_26_unmapped_creator_cannot_nest)
{
	ASSERT_CHILD_RUN(0, unmapped_nested, NULL);
}

static int chrooted_unshare(int sock, void *arg)
{
	int self_fd = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct stat before, after;
	const char *sw;

	CHILD_ASSERT(self_fd >= 0, "%m");
	CHILD_ASSERT(!fstatat(self_fd, "ns/user", &before, 0), "%m");
	/* a switch that refuses us any user ns would give the same EPERM */
	sw = nsc_userns_restriction();
	if (sw)
		CHILD_SKIP("%s: EPERM would not show the chroot's refusal", sw);
	/* a directory below the mount ns root; nothing is written there */
	CHILD_ASSERT(!chroot("/usr"), "chroot /usr: %m");
	CHILD_ASSERT(!chdir("/"), "%m");
	errno = 0;
	CHILD_ASSERT(unshare(CLONE_NEWUSER) == -1 && errno == EPERM,
		     "unshare in a chroot: errno %d", errno);
	CHILD_ASSERT(!fstatat(self_fd, "ns/user", &after, 0), "%m");
	CHILD_ASSERT(before.st_ino == after.st_ino, "user ns changed");
	return 0;
}

NSC_RULES(user_27_chrooted_process_cannot_create_userns, "USER-27");
TEST_F(nest, user_27_chrooted_process_cannot_create_userns)
{
	ASSERT_CHILD_RUN(0, chrooted_unshare, NULL);
}

TEST_HARNESS_MAIN
