// SPDX-License-Identifier: GPL-2.0
/*
 * pivot_root() inside a mount namespace: refused next to shared mounts,
 * its argument errors, and a clean switch to a tmpfs root.
 * Source: pivot_root(2).
 */
#include "nsc_harness.h"
#include "mnt_util.h"

#define NR SANDBOX "/nr"

FIXTURE(pr) {
	struct nsc_child child;
	char src[64];
};

FIXTURE_VARIANT(pr) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(pr);

FIXTURE_SETUP(pr)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_EQ(0, mnt_sandbox()) TH_LOG("sandbox tmpfs on %s: %m", SANDBOX);
	nsc_uniq(self->src, sizeof(self->src), "nsc-pivot-");
	ASSERT_EQ(0, mk_tmpfs(NR, self->src)) TH_LOG("tmpfs on %s: %m", NR);
	ASSERT_EQ(0, mk_dir(NR "/old"));
	ASSERT_EQ(0, nsc_put_file(NR "/marker", "M"));
	ASSERT_EQ(0, nsc_put_file(SANDBOX "/outside", "O"));
}

FIXTURE_TEARDOWN(pr)
{
	nsc_child_kill(&self->child);
}

static void expect_pivot_einval(struct __test_metadata *_metadata,
				const char *what)
{
	struct stat before, after;

	ASSERT_EQ(0, stat("/", &before));
	EXPECT_EQ(-1, nsc_pivot_root(NR, NR "/old")) TH_LOG("%s", what);
	EXPECT_EQ(EINVAL, errno) TH_LOG("%s: %m", what);
	ASSERT_EQ(0, stat("/", &after));
	EXPECT_EQ(before.st_ino, after.st_ino) TH_LOG("root changed: %s", what);
	EXPECT_EQ(before.st_dev, after.st_dev) TH_LOG("root changed: %s", what);
}

/* covers: MNT-30 */
TEST_F(pr, mnt_30_pivot_root_refused_next_to_shared)
{
	/* new_root (which holds put_old) shared */
	ASSERT_EQ(0, set_prop(NR, MS_SHARED)) TH_LOG("%m");
	expect_pivot_einval(_metadata, "new_root shared");
	ASSERT_EQ(0, set_prop(NR, MS_PRIVATE)) TH_LOG("%m");
	/* the mount new_root sits on shared */
	ASSERT_EQ(0, set_prop(SANDBOX, MS_SHARED)) TH_LOG("%m");
	expect_pivot_einval(_metadata, "parent of new_root shared");
	ASSERT_EQ(0, set_prop(SANDBOX, MS_PRIVATE)) TH_LOG("%m");
	/* put_old on its own shared mount */
	ASSERT_EQ(0, mk_tmpfs(NR "/old", self->src)) TH_LOG("%m");
	ASSERT_EQ(0, set_prop(NR "/old", MS_SHARED)) TH_LOG("%m");
	expect_pivot_einval(_metadata, "put_old shared");
}

static int pivot_and_detach(int sock, void *arg)
{
	struct stat st;

	CHILD_ASSERT(!chdir(NR), "%m");
	CHILD_ASSERT(!nsc_pivot_root(".", "old"), "pivot_root: %m");
	CHILD_ASSERT(!chdir("/"), "%m");
	CHILD_ASSERT(!access("/marker", F_OK), "new root lacks the marker: %m");
	/* the old root (with our sandbox in it) now hangs under /old */
	CHILD_ASSERT(!access("/old" SANDBOX "/outside", F_OK),
		     "old root not at /old: %m");
	CHILD_ASSERT(!umount2("/old", MNT_DETACH), "detach /old: %m");
	CHILD_ASSERT(stat("/old" SANDBOX, &st) == -1, "old tree still reachable");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

/* covers: MNT-30 */
TEST_F(pr, mnt_30_pivot_root_to_tmpfs)
{
	int before = nsc_mountinfo_count(0);
	struct nsc_mountinfo m;

	ASSERT_LT(1, before);
	ASSERT_CHILD_START(&self->child, CLONE_NEWNS, pivot_and_detach, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock)) TH_LOG("pivot failed");
	ASSERT_NE(nsc_ns_ino(0, "mnt"), nsc_ns_ino(self->child.pid, "mnt"));
	/* only the new root is left in the child's view */
	EXPECT_EQ(1, nsc_mountinfo_count(self->child.pid));
	ASSERT_EQ(0, mnt_at(self->child.pid, "/", &m));
	EXPECT_STREQ(self->src, m.source);
	/* the parent's ns is untouched */
	EXPECT_EQ(before, nsc_mountinfo_count(0));
	EXPECT_EQ(0, access(NR "/marker", F_OK));
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/* covers: MNT-31 */
TEST_F(pr, mnt_31_pivot_root_argument_errors)
{
	ASSERT_EQ(0, mk_dir(SANDBOX "/plain"));
	ASSERT_EQ(0, mk_dir(SANDBOX "/plain/old"));
	ASSERT_EQ(0, mk_dir(SANDBOX "/other"));
	/* new_root is not a mount point */
	EXPECT_EQ(-1, nsc_pivot_root(SANDBOX "/plain", SANDBOX "/plain/old"));
	EXPECT_EQ(EINVAL, errno) TH_LOG("new_root not a mount: %m");
	/* put_old not at or under new_root */
	EXPECT_EQ(-1, nsc_pivot_root(NR, SANDBOX "/other"));
	EXPECT_EQ(EINVAL, errno) TH_LOG("put_old outside new_root: %m");
	EXPECT_EQ(0, access(NR "/marker", F_OK));
}

/*
 * Root only: in a mount ns owned by a non-initial user ns "/" is a locked
 * mount, and pivot_root() rejects a locked new_root with EINVAL before it
 * looks for the EBUSY loop (fs/namespace.c, since 5.x).
 * covers: MNT-31
 */
TEST(mnt_31_pivot_root_to_current_root_ebusy)
{
	NSC_REQUIRE(nsc_need_root());
	ASSERT_EQ(0, mnt_sandbox()) TH_LOG("%m");
	ASSERT_EQ(0, mk_dir(SANDBOX "/other"));
	EXPECT_EQ(-1, nsc_pivot_root("/", SANDBOX "/other"));
	EXPECT_EQ(EBUSY, errno) TH_LOG("new_root is the root: %m");
}

TEST_HARNESS_MAIN
