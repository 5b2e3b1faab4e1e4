// SPDX-License-Identifier: GPL-2.0
/*
 * clone3(CLONE_INTO_CGROUP), alone and with CLONE_NEWCGROUP. Source:
 * clone(2) › CLONE_INTO_CGROUP and ERRORS, cgroup_namespaces(7),
 * cgroups(7) › no internal processes rule.
 *
 * Children land only in a scratch cgroup S, removed in teardown after they
 * are killed and reaped.
 */
#include "nsc_harness.h"
#include "cg_util.h"

FIXTURE(into) {
	struct cg_scratch cg;
	struct nsc_child child;
	int fd;
};

FIXTURE_VARIANT(into) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(into);

FIXTURE_SETUP(into)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	self->fd = -EBADF;
	NSC_REQUIRE(nsc_need_nstype(&nsc_nstypes[NSC_NS_CGROUP]));
	NSC_ENTER_PRIV(variant->priv);
	NSC_REQUIRE(cg_scratch_make(&self->cg));
	ASSERT_TRUE(self->cg.made) TH_LOG("scratch cgroup %s: %m", self->cg.dir);
}

FIXTURE_TEARDOWN(into)
{
	nsc_child_kill(&self->child);
	if (self->fd >= 0)
		close(self->fd);
	cg_scratch_remove(&self->cg);
}

/* Clones into S through an fd opened with oflags; the child is there. */
static void clone_into_scratch(struct __test_metadata *_metadata,
			       FIXTURE_DATA(into) *self, int oflags)
{
	char path[CG_PATH_LEN];

	self->fd = open(self->cg.dir, oflags | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, self->fd) TH_LOG("%s: %m", self->cg.dir);
	if (nsc_child_start_cgroup(&self->child, 0, self->fd, cg_member, NULL) &&
	    (errno == E2BIG || errno == ENOSYS))
		SKIP(return, "kernel lacks CLONE_INTO_CGROUP (clone3: %m)");
	ASSERT_LT(0, self->child.pid) TH_LOG("clone3(CLONE_INTO_CGROUP): %m");
	ASSERT_EQ(0, cg_path_of(self->child.pid, "0::", path, sizeof(path)));
	EXPECT_STREQ(self->cg.rel, path);
	ASSERT_EQ(0, cg_view(&self->child, 0, path));
	EXPECT_STREQ(self->cg.rel, path) TH_LOG("the child's own view");
}

NSC_RULES(cgroup_09_into_cgroup_rdonly_fd, "CGROUP-09");
TEST_F(into, cgroup_09_into_cgroup_rdonly_fd)
{
	clone_into_scratch(_metadata, self, O_RDONLY);
}

NSC_RULES(cgroup_09_into_cgroup_opath_fd, "CGROUP-09");
TEST_F(into, cgroup_09_into_cgroup_opath_fd)
{
	clone_into_scratch(_metadata, self, O_PATH);
}

/*
 * The no-internal-processes rule: S with a domain controller in its
 * cgroup.subtree_control takes no process. Enabling a controller in S needs
 * it enabled in R's subtree_control already; if not, we do not change R.
 */
NSC_RULES(cgroup_09_into_cgroup_with_controllers_ebusy, "CGROUP-09");
TEST_F(into, cgroup_09_into_cgroup_with_controllers_ebusy)
{
	char path[1200], ctrl[256], plus[72];

	snprintf(path, sizeof(path), "%s/cgroup.controllers", self->cg.dir);
	ASSERT_EQ(0, nsc_read_line(path, ctrl, sizeof(ctrl))) TH_LOG("%s: %m", path);
	/*
	 * A domain controller: with threaded ones only (cpu, cpuset,
	 * perf_event, pids) S may still become a thread root and takes the
	 * child (cgroup_migrate_vet_dst(), cgroup_can_be_thread_root()).
	 */
	plus[0] = '\0';
	for (char *save = NULL, *c = strtok_r(ctrl, " ", &save); c;
	     c = strtok_r(NULL, " ", &save)) {
		if (strcmp(c, "cpu") && strcmp(c, "cpuset") &&
		    strcmp(c, "perf_event") && strcmp(c, "pids")) {
			snprintf(plus, sizeof(plus), "+%s", c);
			break;
		}
	}
	if (!plus[0])
		SKIP(return, "no domain controller is delegated to %s (the "
		     "parent's cgroup.subtree_control has none; enabling one "
		     "there would change the host)", self->cg.dir);
	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", self->cg.dir);
	ASSERT_EQ(0, nsc_write_file(path, plus)) TH_LOG("%s <- %s: %m", path, plus);
	self->fd = open(self->cg.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, self->fd) TH_LOG("%m");
	errno = 0;
	EXPECT_EQ(-1, nsc_child_start_cgroup(&self->child, 0, self->fd, cg_member, NULL));
	EXPECT_EQ(EBUSY, errno) TH_LOG("%m");
}

NSC_RULES(cgroup_09_into_non_v2_cgroup_fd_ebadf, "CGROUP-09");
TEST_F(into, cgroup_09_into_non_v2_cgroup_fd_ebadf)
{
	char procs[1200], v1[1200] = "";
	struct nsc_mountinfo m;
	const char *paths[3];
	int n = 0, fd;

	snprintf(procs, sizeof(procs), "%s/cgroup.procs", self->cg.dir);
	paths[n++] = "/";		/* a directory, not a cgroup */
	paths[n++] = procs;		/* a cgroup2 file, not a directory */
	/* a v1 hierarchy's directory, where one is mounted */
	if (!nsc_mountinfo_find(0, "/sys/fs/cgroup/pids", &m) &&
	    !strcmp(m.fstype, "cgroup")) {
		snprintf(v1, sizeof(v1), "%s", m.mnt_point);
		paths[n++] = v1;
	}
	for (int i = 0; i < n; i++) {
		fd = open(paths[i], O_RDONLY | O_CLOEXEC);
		ASSERT_LE(0, fd) TH_LOG("%s: %m", paths[i]);
		errno = 0;
		EXPECT_EQ(-1, nsc_child_start_cgroup(&self->child, 0, fd, cg_member, NULL))
			TH_LOG("clone3 into %s succeeded", paths[i]);
		EXPECT_EQ(EBADF, errno) TH_LOG("%s: %m", paths[i]);
		close(fd);
		nsc_child_kill(&self->child);
	}
}

NSC_RULES(cgroup_10_into_cgroup_with_newcgroup_sets_root, "CGROUP-10");
TEST_F(into, cgroup_10_into_cgroup_with_newcgroup_sets_root)
{
	char path[CG_PATH_LEN];

	self->fd = open(self->cg.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, self->fd) TH_LOG("%m");
	if (nsc_child_start_cgroup(&self->child, CLONE_NEWCGROUP, self->fd,
				   cg_member, NULL) &&
	    (errno == E2BIG || errno == ENOSYS))
		SKIP(return, "kernel lacks CLONE_INTO_CGROUP (clone3: %m)");
	ASSERT_LT(0, self->child.pid)
		TH_LOG("clone3(CLONE_INTO_CGROUP | CLONE_NEWCGROUP): %m");
	ASSERT_NE(nsc_ns_ino(0, "cgroup"), nsc_ns_ino(self->child.pid, "cgroup"));
	ASSERT_EQ(0, cg_path_of(self->child.pid, "0::", path, sizeof(path)));
	EXPECT_STREQ(self->cg.rel, path) TH_LOG("the parent's view");
	ASSERT_EQ(0, cg_view(&self->child, 0, path));
	EXPECT_STREQ("/", path) TH_LOG("the child's own view");
	/* the root is S, not the creator's cgroup R: R is one step up */
	ASSERT_EQ(0, cg_view(&self->child, getpid(), path));
	EXPECT_STREQ("/..", path) TH_LOG("the creator's cgroup from the child");
}

TEST_HARNESS_MAIN
