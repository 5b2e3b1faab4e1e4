// SPDX-License-Identifier: GPL-2.0
/*
 * Cgroup namespaces: /proc/PID/cgroup paths are relative to the reader's
 * cgroup ns root. Source: cgroup_namespaces(7), setns(2).
 *
 * Work happens only in a scratch cgroup S (nsc_uniq name) under the test's
 * own cgroup R in the cgroup2 hierarchy; teardown kills the children, then
 * removes S and its sub-cgroups. The test process itself never moves.
 */
#include "nsc_harness.h"
#include "cg_util.h"

FIXTURE(paths) {
	struct cg_scratch cg;
	struct nsc_child a, b;
};

FIXTURE_VARIANT(paths) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(paths);

FIXTURE_SETUP(paths)
{
	self->a = (struct nsc_child)NSC_CHILD_INIT;
	self->b = (struct nsc_child)NSC_CHILD_INIT;
	NSC_REQUIRE(nsc_need_nstype(&nsc_nstypes[NSC_NS_CGROUP]));
	NSC_ENTER_PRIV(variant->priv);
	NSC_REQUIRE(cg_scratch_make(&self->cg));
	ASSERT_TRUE(self->cg.made) TH_LOG("scratch cgroup %s: %m", self->cg.dir);
}

FIXTURE_TEARDOWN(paths)
{
	nsc_child_kill(&self->a);
	nsc_child_kill(&self->b);
	cg_scratch_remove(&self->cg);
}

/* Starts a member and moves it into S/sub (sub NULL: S itself). */
static void start_member_in(struct __test_metadata *_metadata,
			    struct cg_scratch *cg, struct nsc_child *c,
			    const char *sub)
{
	char want[1100], path[CG_PATH_LEN];

	ASSERT_CHILD_START(c, 0, cg_member, NULL);
	ASSERT_EQ(0, cg_move(cg, sub, c->pid))
		TH_LOG("moving %d into %s/%s: %m", c->pid, cg->dir, sub ? sub : "");
	snprintf(want, sizeof(want), "%s%s%s", cg->rel, sub ? "/" : "",
		 sub ? sub : "");
	ASSERT_EQ(0, cg_path_of(c->pid, "0::", path, sizeof(path)));
	ASSERT_STREQ(want, path);
}

/* Member unshares; its cgroup ns must really be new. */
static void member_unshare(struct __test_metadata *_metadata, struct nsc_child *c)
{
	ino_t before = nsc_ns_ino(c->pid, "cgroup");

	ASSERT_EQ(0, cg_cmd(c, 'u')) TH_LOG("member's unshare failed");
	ASSERT_NE(before, nsc_ns_ino(c->pid, "cgroup"))
		TH_LOG("no new cgroup ns after unshare(CLONE_NEWCGROUP)");
}

NSC_RULES(cgroup_01_unshare_shows_root_everywhere, "CGROUP-01");
TEST_F(paths, cgroup_01_unshare_shows_root_everywhere)
{
	char own[CG_PATH_LEN];

	start_member_in(_metadata, &self->cg, &self->a, NULL);
	ASSERT_EQ(0, cg_view(&self->a, 0, own));
	ASSERT_STREQ(self->cg.rel, own);	/* not "/" before */
	member_unshare(_metadata, &self->a);
	/* 0::/ and each v1 controller or named hierarchy line */
	EXPECT_EQ(0, cg_cmd(&self->a, 'a')) TH_LOG("a line is not at /");
}

NSC_RULES(cgroup_02_others_relative_to_reader_root, "CGROUP-02");
TEST_F(paths, cgroup_02_others_relative_to_reader_root)
{
	char view[CG_PATH_LEN];

	ASSERT_EQ(0, cg_scratch_sub(&self->cg, "a")) TH_LOG("%m");
	ASSERT_EQ(0, cg_scratch_sub(&self->cg, "b")) TH_LOG("%m");
	start_member_in(_metadata, &self->cg, &self->a, "a");
	start_member_in(_metadata, &self->cg, &self->b, "b");
	member_unshare(_metadata, &self->a);	/* root: S/a */
	ASSERT_EQ(0, cg_view(&self->a, self->b.pid, view));
	EXPECT_STREQ("/../b", view) TH_LOG("sibling cgroup S/b seen from S/a");
	ASSERT_EQ(0, cg_view(&self->a, getpid(), view));
	EXPECT_STREQ("/../..", view) TH_LOG("the test's cgroup R seen from S/a");
}

NSC_RULES(cgroup_03_view_depends_on_reader, "CGROUP-03");
TEST_F(paths, cgroup_03_view_depends_on_reader)
{
	char mine[CG_PATH_LEN], theirs[CG_PATH_LEN];

	start_member_in(_metadata, &self->cg, &self->a, NULL);
	member_unshare(_metadata, &self->a);
	ASSERT_EQ(0, cg_view(&self->a, 0, theirs));
	EXPECT_STREQ("/", theirs);
	ASSERT_EQ(0, cg_path_of(self->a.pid, "0::", mine, sizeof(mine)));
	EXPECT_STREQ(self->cg.rel, mine);
}

NSC_RULES(cgroup_04_root_fixed_at_creation, "CGROUP-04");
TEST_F(paths, cgroup_04_root_fixed_at_creation)
{
	static const struct { const char *to; const char *want; } moves[] = {
		{ "a/c", "/c" },	/* a child of the root */
		{ "b", "/../b" },	/* a sibling */
		{ NULL, "/.." },	/* the parent S */
		{ "a", "/" },		/* back to the root */
	};
	char view[CG_PATH_LEN];

	ASSERT_EQ(0, cg_scratch_sub(&self->cg, "a")) TH_LOG("%m");
	ASSERT_EQ(0, cg_scratch_sub(&self->cg, "b")) TH_LOG("%m");
	ASSERT_EQ(0, cg_scratch_sub(&self->cg, "a/c")) TH_LOG("%m");
	start_member_in(_metadata, &self->cg, &self->a, "a");
	member_unshare(_metadata, &self->a);
	for (size_t i = 0; i < NSC_ARRAY_SIZE(moves); i++) {
		ASSERT_EQ(0, cg_move(&self->cg, moves[i].to, self->a.pid))
			TH_LOG("move to S/%s: %m", moves[i].to ? moves[i].to : "");
		ASSERT_EQ(0, cg_view(&self->a, 0, view));
		EXPECT_STREQ(moves[i].want, view)
			TH_LOG("after moving to S/%s", moves[i].to ? moves[i].to : "");
	}
}

NSC_RULES(cgroup_07_setns_keeps_membership, "CGROUP-07");
TEST_F(paths, cgroup_07_setns_keeps_membership)
{
	char before[CG_PATH_LEN], after[CG_PATH_LEN], view[CG_PATH_LEN];
	int fd;

	ASSERT_EQ(0, cg_scratch_sub(&self->cg, "a")) TH_LOG("%m");
	ASSERT_EQ(0, cg_scratch_sub(&self->cg, "b")) TH_LOG("%m");
	start_member_in(_metadata, &self->cg, &self->a, "a");
	start_member_in(_metadata, &self->cg, &self->b, "b");
	member_unshare(_metadata, &self->a);
	ASSERT_EQ(0, cg_path_of(self->b.pid, "0::", before, sizeof(before)));
	fd = nsc_ns_open(self->a.pid, "cgroup");
	ASSERT_LE(0, fd) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(self->b.sock, 's'));
	ASSERT_EQ(0, nsc_send_fd(self->b.sock, fd));
	close(fd);
	ASSERT_EQ('k', nsc_recv_byte(self->b.sock)) TH_LOG("setns failed");
	EXPECT_EQ(nsc_ns_ino(self->a.pid, "cgroup"), nsc_ns_ino(self->b.pid, "cgroup"));
	/* the host sees B where it was; B reads its path from A's root */
	ASSERT_EQ(0, cg_path_of(self->b.pid, "0::", after, sizeof(after)));
	EXPECT_STREQ(before, after);
	ASSERT_EQ(0, cg_view(&self->b, 0, view));
	EXPECT_STREQ("/../b", view);
}

TEST_HARNESS_MAIN
