// SPDX-License-Identifier: GPL-2.0
/*
 * Shared subtrees: shared, private, slave and unbindable mounts, peer
 * groups, transitions, MS_REC, bind and move semantics, propagate_from.
 * Source: mount_namespaces(7) (SHARED SUBTREES), mount(2), mount_setattr(2).
 * Every test runs in a private mount ns with a tmpfs over /tmp; /tmp/s is a
 * tmpfs the fixture makes shared, so propagation never leaves the sandbox.
 */
#include "nsc_harness.h"
#include "mnt_util.h"

#define S SANDBOX "/s"

FIXTURE(prop) {
	struct nsc_child child;
	char src[64];
	int group;	/* peer group of /tmp/s */
};

FIXTURE_VARIANT(prop) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(prop);

FIXTURE_SETUP(prop)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_EQ(0, mnt_sandbox()) TH_LOG("sandbox tmpfs on %s: %m", SANDBOX);
	nsc_uniq(self->src, sizeof(self->src), "nsc-prop-");
	ASSERT_EQ(0, mk_tmpfs(S, self->src)) TH_LOG("tmpfs on %s: %m", S);
	ASSERT_EQ(0, set_prop(S, MS_SHARED)) TH_LOG("MS_SHARED %s: %m", S);
	self->group = mnt_tag_at(0, S, "shared");
	ASSERT_LT(0, self->group) TH_LOG("%s is not shared after MS_SHARED", S);
}

FIXTURE_TEARDOWN(prop)
{
	nsc_child_kill(&self->child);
}

/* Child script: on each command byte perform one step, answer 'r'.
 *   m: mount tmpfs on /tmp/s/c    u: umount /tmp/s/p
 *   S: make /tmp/s a slave        x: exit */
static int scripted(int sock, void *arg)
{
	int cmd;

	if (arg && !strcmp(arg, "unshare"))
		CHILD_ASSERT(!unshare(CLONE_NEWNS), "unshare(CLONE_NEWNS): %m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	for (;;) {
		cmd = nsc_recv_byte(sock);
		if (cmd == 'x')
			return 0;
		if (cmd == 'm')
			CHILD_ASSERT(!mk_tmpfs(S "/c", "nsc-child"), "%m");
		else if (cmd == 'u')
			CHILD_ASSERT(!umount2(S "/p", 0), "umount %s/p: %m", S);
		else if (cmd == 'S')
			CHILD_ASSERT(!set_prop(S, MS_SLAVE), "MS_SLAVE: %m");
		else
			return 1;
		CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	}
}

/* Starts the scripted child (CLONE_NEWNS, or "unshare" itself). */
static void start_scripted(struct __test_metadata *_metadata,
			   FIXTURE_DATA(prop) *self, bool raw_unshare)
{
	ASSERT_CHILD_START(&self->child, raw_unshare ? 0 : CLONE_NEWNS,
			   scripted, raw_unshare ? "unshare" : NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_NE(nsc_ns_ino(0, "mnt"), nsc_ns_ino(self->child.pid, "mnt"))
		TH_LOG("the child is still in the parent's mount ns");
}

static int step(FIXTURE_DATA(prop) *self, char cmd)
{
	if (nsc_send_byte(self->child.sock, cmd))
		return -1;
	return nsc_recv_byte(self->child.sock) == 'r' ? 0 : -1;
}

static void finish(struct __test_metadata *_metadata, FIXTURE_DATA(prop) *self)
{
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/* covers: MNT-06 */
TEST_F(prop, mnt_06_raw_unshare_keeps_shared)
{
	start_scripted(_metadata, self, true);
	EXPECT_EQ(self->group, mnt_tag_at(self->child.pid, S, "shared"));
	ASSERT_EQ(0, step(self, 'm')) TH_LOG("child mount under %s", S);
	EXPECT_TRUE(mnt_present(0, S "/c"))
		TH_LOG("the child's submount did not reach the parent");
	finish(_metadata, self);
}

/* covers: MNT-18 */
TEST_F(prop, mnt_18_peer_group_ids_same_across_ns)
{
	int sub;

	start_scripted(_metadata, self, false);
	EXPECT_EQ(self->group, mnt_tag_at(self->child.pid, S, "shared"));
	ASSERT_EQ(0, mk_tmpfs(S "/p", self->src)) TH_LOG("%m");
	sub = mnt_tag_at(0, S "/p", "shared");
	ASSERT_LT(0, sub);
	EXPECT_NE(self->group, sub);
	EXPECT_EQ(sub, mnt_tag_at(self->child.pid, S "/p", "shared"))
		TH_LOG("the propagated copy is not a peer of the original");
	finish(_metadata, self);
}

/* covers: MNT-07 */
TEST_F(prop, mnt_07_shared_events_flow_both_ways)
{
	start_scripted(_metadata, self, false);
	ASSERT_EQ(0, mk_tmpfs(S "/p", self->src)) TH_LOG("%m");
	EXPECT_TRUE(mnt_present(self->child.pid, S "/p"));
	ASSERT_EQ(0, mk_dir(S "/c"));
	ASSERT_EQ(0, step(self, 'm'));
	EXPECT_TRUE(mnt_present(0, S "/c"));
	ASSERT_EQ(0, step(self, 'u'));
	EXPECT_TRUE(mnt_absent(0, S "/p")) TH_LOG("child umount not propagated");
	ASSERT_EQ(0, umount2(S "/c", 0)) TH_LOG("%m");
	EXPECT_TRUE(mnt_absent(self->child.pid, S "/c"))
		TH_LOG("parent umount not propagated");
	finish(_metadata, self);
}

/* covers: MNT-07 */
TEST_F(prop, mnt_07_bind_of_shared_is_a_peer)
{
	ASSERT_EQ(0, mk_bind(S, SANDBOX "/b", false)) TH_LOG("%m");
	EXPECT_EQ(self->group, mnt_tag_at(0, SANDBOX "/b", "shared"));
	ASSERT_EQ(0, mk_tmpfs(S "/y", self->src)) TH_LOG("%m");
	EXPECT_TRUE(mnt_present(0, SANDBOX "/b/y"));
	ASSERT_EQ(0, umount2(SANDBOX "/b/y", 0)) TH_LOG("%m");
	EXPECT_TRUE(mnt_absent(0, S "/y"));
}

/* covers: MNT-08 */
TEST_F(prop, mnt_08_private_blocks_both_ways)
{
	char opt[128];

	ASSERT_EQ(0, set_prop(S, MS_PRIVATE)) TH_LOG("%m");
	EXPECT_STREQ("", mnt_opt_at(0, S, opt, sizeof(opt)));
	start_scripted(_metadata, self, false);
	EXPECT_STREQ("", mnt_opt_at(self->child.pid, S, opt, sizeof(opt)));
	ASSERT_EQ(0, mk_dir(S "/c"));
	ASSERT_EQ(0, step(self, 'm'));
	EXPECT_TRUE(mnt_absent(0, S "/c"));
	ASSERT_EQ(0, mk_tmpfs(S "/p", self->src)) TH_LOG("%m");
	EXPECT_TRUE(mnt_absent(self->child.pid, S "/p"));
	finish(_metadata, self);
}

/* Child makes its copy of /tmp/s a slave, mounts /tmp/s/c; the parent
 * then mounts /tmp/s/p. */
static void slave_setup(struct __test_metadata *_metadata,
			FIXTURE_DATA(prop) *self)
{
	start_scripted(_metadata, self, false);
	ASSERT_EQ(0, step(self, 'S'));
	ASSERT_EQ(0, mk_dir(S "/c"));
	ASSERT_EQ(0, step(self, 'm'));
	ASSERT_EQ(0, mk_tmpfs(S "/p", self->src)) TH_LOG("%m");
}

/* covers: MNT-09 */
TEST_F(prop, mnt_09_slave_receives_but_does_not_send)
{
	slave_setup(_metadata, self);
	EXPECT_EQ(self->group, mnt_tag_at(self->child.pid, S, "master"));
	EXPECT_EQ(0, mnt_tag_at(self->child.pid, S, "shared"));
	EXPECT_TRUE(mnt_present(self->child.pid, S "/p"))
		TH_LOG("master's mount did not reach the slave");
	EXPECT_TRUE(mnt_absent(0, S "/c"))
		TH_LOG("slave's mount reached the master");
	finish(_metadata, self);
}

/* covers: MNT-10 */
TEST_F(prop, mnt_10_slave_submount_tags)
{
	char opt[128];
	int y;

	slave_setup(_metadata, self);
	EXPECT_STREQ("", mnt_opt_at(self->child.pid, S "/c", opt, sizeof(opt)))
		TH_LOG("own submount under a slave is not private");
	y = mnt_tag_at(0, S "/p", "shared");
	ASSERT_LT(0, y);
	EXPECT_NE(self->group, y);
	EXPECT_EQ(y, mnt_tag_at(self->child.pid, S "/p", "master"));
	EXPECT_EQ(0, mnt_tag_at(self->child.pid, S "/p", "shared"));
	finish(_metadata, self);
}

/* covers: MNT-11 */
TEST_F(prop, mnt_11_unbindable_cannot_be_bound)
{
	struct nsc_mountinfo m;

	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/u", self->src)) TH_LOG("%m");
	ASSERT_EQ(0, set_prop(SANDBOX "/u", MS_UNBINDABLE)) TH_LOG("%m");
	ASSERT_EQ(0, mnt_at(0, SANDBOX "/u", &m));
	EXPECT_TRUE(nsc_mnt_unbindable(&m)) TH_LOG("optional: '%s'", m.optional);
	ASSERT_EQ(0, mk_dir(SANDBOX "/b"));
	EXPECT_EQ(-1, mount(SANDBOX "/u", SANDBOX "/b", NULL, MS_BIND, NULL));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_TRUE(mnt_absent(0, SANDBOX "/b"));
}

/* covers: MNT-11 */
TEST_F(prop, mnt_11_rbind_leaves_out_unbindable)
{
	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/t", self->src)) TH_LOG("%m");
	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/t/u", self->src)) TH_LOG("%m");
	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/t/v", self->src)) TH_LOG("%m");
	ASSERT_EQ(0, set_prop(SANDBOX "/t/u", MS_UNBINDABLE)) TH_LOG("%m");
	ASSERT_EQ(0, mk_bind(SANDBOX "/t", SANDBOX "/r", true)) TH_LOG("%m");
	EXPECT_TRUE(mnt_present(0, SANDBOX "/r"));
	EXPECT_TRUE(mnt_present(0, SANDBOX "/r/v"));
	EXPECT_TRUE(mnt_absent(0, SANDBOX "/r/u"));
}

/* covers: MNT-12 */
TEST_F(prop, mnt_12_lone_shared_to_slave_is_private)
{
	char opt[128];

	/* /tmp/s has no peer: the sandbox ns is the only one holding it */
	ASSERT_EQ(0, set_prop(S, MS_SLAVE)) TH_LOG("%m");
	EXPECT_STREQ("", mnt_opt_at(0, S, opt, sizeof(opt)));
}

/* covers: MNT-12 */
TEST_F(prop, mnt_12_private_or_unbindable_to_slave_unchanged)
{
	struct nsc_mountinfo m;

	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/q", self->src)) TH_LOG("%m");
	ASSERT_EQ(0, set_prop(SANDBOX "/q", MS_SLAVE)) TH_LOG("%m");
	ASSERT_EQ(0, mnt_at(0, SANDBOX "/q", &m));
	EXPECT_STREQ("", m.optional);
	ASSERT_EQ(0, set_prop(SANDBOX "/q", MS_UNBINDABLE)) TH_LOG("%m");
	ASSERT_EQ(0, set_prop(SANDBOX "/q", MS_SLAVE)) TH_LOG("%m");
	ASSERT_EQ(0, mnt_at(0, SANDBOX "/q", &m));
	EXPECT_STREQ("unbindable", m.optional);
}

/* covers: MNT-12 */
TEST_F(prop, mnt_12_slave_made_shared_has_both_tags)
{
	int x;

	ASSERT_EQ(0, mk_bind(S, SANDBOX "/b", false)) TH_LOG("%m");
	ASSERT_EQ(0, set_prop(SANDBOX "/b", MS_SLAVE)) TH_LOG("%m");
	ASSERT_EQ(self->group, mnt_tag_at(0, SANDBOX "/b", "master"));
	ASSERT_EQ(0, set_prop(SANDBOX "/b", MS_SHARED)) TH_LOG("%m");
	x = mnt_tag_at(0, SANDBOX "/b", "shared");
	EXPECT_LT(0, x);
	EXPECT_NE(self->group, x);
	EXPECT_EQ(self->group, mnt_tag_at(0, SANDBOX "/b", "master"));
}

/* covers: MNT-13 */
TEST_F(prop, mnt_13_two_propagation_flags_einval)
{
	EXPECT_EQ(-1, mount(NULL, S, NULL, MS_SHARED | MS_PRIVATE, NULL));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, mount(NULL, S, NULL, MS_SLAVE | MS_UNBINDABLE, NULL));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(self->group, mnt_tag_at(0, S, "shared"));
}

static const char *const tree[] = {
	SANDBOX "/t", SANDBOX "/t/a", SANDBOX "/t/a/b"
};

/* Three nested private tmpfs mounts. */
static int mk_tree(const char *src)
{
	for (int i = 0; i < 3; i++)
		if (mk_tmpfs(tree[i], src))
			return -1;
	return 0;
}

/* covers: MNT-14 */
TEST_F(prop, mnt_14_ms_rec_reaches_submounts)
{
	int i;

	ASSERT_EQ(0, mk_tree(self->src)) TH_LOG("tmpfs tree under /tmp/t: %m");
	ASSERT_EQ(0, set_prop(tree[0], MS_SHARED)) TH_LOG("%m");
	EXPECT_LT(0, mnt_tag_at(0, tree[0], "shared"));
	EXPECT_EQ(0, mnt_tag_at(0, tree[1], "shared"));
	EXPECT_EQ(0, mnt_tag_at(0, tree[2], "shared"));
	ASSERT_EQ(0, set_prop(tree[0], MS_SHARED | MS_REC)) TH_LOG("%m");
	for (i = 0; i < 3; i++)
		EXPECT_LT(0, mnt_tag_at(0, tree[i], "shared")) TH_LOG("mount %d", i);
}

/* covers: MNT-15 */
TEST_F(prop, mnt_15_new_mount_inherits_parent_sharedness)
{
	char opt[128];
	int n;

	ASSERT_EQ(0, mk_tmpfs(S "/x", self->src)) TH_LOG("%m");
	n = mnt_tag_at(0, S "/x", "shared");
	EXPECT_LT(0, n);
	EXPECT_NE(self->group, n) TH_LOG("not a new peer group");
	/* /tmp is private */
	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/q", self->src)) TH_LOG("%m");
	EXPECT_STREQ("", mnt_opt_at(0, SANDBOX "/q", opt, sizeof(opt)));
}

/* covers: MNT-16 */
TEST_F(prop, mnt_16_bind_propagation_table)
{
	int n;

	/* shared source -> peer of the source */
	ASSERT_EQ(0, mk_bind(S, SANDBOX "/b1", false)) TH_LOG("%m");
	EXPECT_EQ(self->group, mnt_tag_at(0, SANDBOX "/b1", "shared"));
	/* slave source onto a private target -> slave of the same master */
	ASSERT_EQ(0, set_prop(SANDBOX "/b1", MS_SLAVE)) TH_LOG("%m");
	ASSERT_EQ(0, mk_bind(SANDBOX "/b1", SANDBOX "/b2", false)) TH_LOG("%m");
	EXPECT_EQ(self->group, mnt_tag_at(0, SANDBOX "/b2", "master"));
	EXPECT_EQ(0, mnt_tag_at(0, SANDBOX "/b2", "shared"));
	/* private source onto a shared target -> shared, new group */
	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/pv", self->src)) TH_LOG("%m");
	ASSERT_EQ(0, mk_bind(SANDBOX "/pv", S "/x", false)) TH_LOG("%m");
	n = mnt_tag_at(0, S "/x", "shared");
	EXPECT_LT(0, n);
	EXPECT_NE(self->group, n);
	/* unbindable source -> EINVAL */
	ASSERT_EQ(0, set_prop(SANDBOX "/pv", MS_UNBINDABLE)) TH_LOG("%m");
	ASSERT_EQ(0, mk_dir(SANDBOX "/b3"));
	EXPECT_EQ(-1, mount(SANDBOX "/pv", SANDBOX "/b3", NULL, MS_BIND, NULL));
	EXPECT_EQ(EINVAL, errno);
}

/* covers: MNT-17 */
TEST_F(prop, mnt_17_move_from_shared_parent_einval)
{
	ASSERT_EQ(0, mk_tmpfs(S "/x", self->src)) TH_LOG("%m");
	ASSERT_EQ(0, mk_dir(SANDBOX "/y"));
	EXPECT_EQ(-1, mount(S "/x", SANDBOX "/y", NULL, MS_MOVE, NULL));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_TRUE(mnt_present(0, S "/x"));
	/* control: the same move from a private parent works */
	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/z", self->src)) TH_LOG("%m");
	EXPECT_EQ(0, mount(SANDBOX "/z", SANDBOX "/y", NULL, MS_MOVE, NULL))
		TH_LOG("MS_MOVE from a private parent: %m");
}

static int chroot_and_hold(int sock, void *arg)
{
	CHILD_ASSERT(!chroot(arg), "chroot %s: %m", (const char *)arg);
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

/*
 * Chain: A (/tmp/root/a, group N1) <- B (/tmp/b, shared:N2 master:N1)
 * <- C (/tmp/root/b, master:N2). Inside a chroot to /tmp/root group N2 is
 * out of reach, so C shows propagate_from:N1.
 * covers: MNT-19
 */
TEST_F(prop, mnt_19_propagate_from_after_chroot)
{
	int n1, n2;

	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/root", self->src)) TH_LOG("%m");
	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/root/a", self->src)) TH_LOG("%m");
	ASSERT_EQ(0, set_prop(SANDBOX "/root/a", MS_SHARED)) TH_LOG("%m");
	n1 = mnt_tag_at(0, SANDBOX "/root/a", "shared");
	ASSERT_LT(0, n1);
	ASSERT_EQ(0, mk_bind(SANDBOX "/root/a", SANDBOX "/b", false));
	ASSERT_EQ(0, set_prop(SANDBOX "/b", MS_SLAVE)) TH_LOG("%m");
	ASSERT_EQ(0, set_prop(SANDBOX "/b", MS_SHARED)) TH_LOG("%m");
	n2 = mnt_tag_at(0, SANDBOX "/b", "shared");
	ASSERT_LT(0, n2);
	ASSERT_EQ(0, mk_bind(SANDBOX "/b", SANDBOX "/root/b", false));
	ASSERT_EQ(0, set_prop(SANDBOX "/root/b", MS_SLAVE)) TH_LOG("%m");
	ASSERT_EQ(n2, mnt_tag_at(0, SANDBOX "/root/b", "master"));
	/* N2 is reachable from the real root: no propagate_from */
	EXPECT_EQ(0, mnt_tag_at(0, SANDBOX "/root/b", "propagate_from"));
	ASSERT_CHILD_START(&self->child, 0, chroot_and_hold, SANDBOX "/root");
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	EXPECT_EQ(n2, mnt_tag_at(self->child.pid, "/b", "master"));
	EXPECT_EQ(n1, mnt_tag_at(self->child.pid, "/b", "propagate_from"));
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/* covers: MNT-36 */
TEST_F(prop, mnt_36_mount_setattr_recursive_propagation)
{
	struct nsc_mount_attr attr = { .propagation = MS_SHARED };
	int i, rc;

	ASSERT_EQ(0, mk_tree(self->src)) TH_LOG("tmpfs tree under /tmp/t: %m");
	rc = nsc_mount_setattr(AT_FDCWD, tree[0], AT_RECURSIVE, &attr,
			       sizeof(attr));
	if (rc && errno == ENOSYS)
		SKIP(return, "kernel lacks mount_setattr() (ENOSYS)");
	ASSERT_EQ(0, rc) TH_LOG("mount_setattr(MS_SHARED, AT_RECURSIVE): %m");
	for (i = 0; i < 3; i++)
		EXPECT_LT(0, mnt_tag_at(0, tree[i], "shared")) TH_LOG("mount %d", i);
	attr.propagation = 0x12345;
	EXPECT_EQ(-1, nsc_mount_setattr(AT_FDCWD, tree[0], AT_RECURSIVE,
					&attr, sizeof(attr)));
	EXPECT_EQ(EINVAL, errno);
}

TEST_HARNESS_MAIN
