// SPDX-License-Identifier: GPL-2.0
/*
 * Cgroup namespaces as delegation boundaries for cgroup.procs writes: with
 * the cgroup2 hierarchy mounted "nsdelegate", a migration is allowed only
 * between cgroups visible from the cgroup ns of the task that OPENED the
 * cgroup.procs file (not the writer's); without nsdelegate no such check
 * exists.
 * Source: LTP cgroup_core02 and the kernel selftest cgroup/test_core
 * (test_cgcore_lesser_ns_open); commit e57457641613 ("cgroup: Use
 * open-time cgroup namespace for process migration perm checks",
 * CVE-2021-4197); Documentation/admin-guide/cgroup-v2.rst (nsdelegate).
 *
 * Root only: the scratch cgroups are made (and removed) under the test's
 * own cgroup, which only the host's root may write.
 */
#include "nsc_harness.h"
#include "cg_util.h"

FIXTURE(procs) {
	struct cg_scratch cg;
	struct nsc_child worker;
	bool nsdelegate;
};

struct deleg {
	const char *mnt;	/* the scratch cgroup's mount (cg_scratch_make) */
	bool nsdelegate;
};

/* That cgroup2 mount (its root may read "/.." in a container's cgroup ns) */
static int nsdelegate_cb(const struct nsc_mountinfo *m, void *arg)
{
	struct deleg *d = arg;

	if (strcmp(m->fstype, "cgroup2") || strcmp(m->mnt_point, d->mnt))
		return 0;
	d->nsdelegate = strstr(m->super_opts, "nsdelegate") != NULL;
	return 1;
}

FIXTURE_SETUP(procs)
{
	self->worker = (struct nsc_child)NSC_CHILD_INIT;
	NSC_REQUIRE(nsc_need_nstype(&nsc_nstypes[NSC_NS_CGROUP]));
	NSC_REQUIRE(nsc_need_root());
	NSC_REQUIRE(cg_scratch_make(&self->cg));
	ASSERT_TRUE(self->cg.made) TH_LOG("scratch cgroup %s: %m", self->cg.dir);
	struct deleg d = { self->cg.mnt, false };

	ASSERT_EQ(1, nsc_mountinfo_each(0, nsdelegate_cb, &d))
		TH_LOG("cgroup2 mount %s vanished from mountinfo", self->cg.mnt);
	self->nsdelegate = d.nsdelegate;
	ASSERT_EQ(0, cg_scratch_sub(&self->cg, "a")) TH_LOG("%m");
	ASSERT_EQ(0, cg_scratch_sub(&self->cg, "b")) TH_LOG("%m");
}

FIXTURE_TEARDOWN(procs)
{
	nsc_child_kill(&self->worker);
	cg_scratch_remove(&self->cg);
}

struct worker_arg {
	char b_procs[1200];
	bool nsdelegate;
	ino_t cgns;		/* the test's cgroup ns */
};

/* The worker (in cgroup a) starts this in a new cgroup ns rooted at a: it
 * opens b's cgroup.procs through the inherited host mount and hands the
 * fd back. */
static int open_in_lesser_ns(int sock, void *arg)
{
	struct worker_arg *w = arg;
	char path[CG_PATH_LEN];
	int fd;

	CHILD_ASSERT(nsc_ns_ino(0, "cgroup") != w->cgns,
		     "the opener shares the test's cgroup ns");
	CHILD_ASSERT(!cg_path_of(0, "0::", path, sizeof(path)), "%m");
	CHILD_ASSERT(!strcmp(path, "/"), "cgroup ns root is not our cgroup: "
		     "0::%s", path);
	fd = open(w->b_procs, O_RDWR | O_CLOEXEC);
	CHILD_ASSERT(fd >= 0, "%s: %m", w->b_procs);
	CHILD_ASSERT(!nsc_send_fd(sock, fd), "%m");
	return 0;
}


/* Runs in cgroup a, in the test's cgroup ns: writes "0" (itself) through
 * the lesser ns's fd, then through one it opened. */
static int worker(int sock, void *arg)
{
	struct worker_arg *w = arg;
	struct nsc_child x = NSC_CHILD_INIT;
	char before[CG_PATH_LEN], after[CG_PATH_LEN];
	ssize_t n;
	int fd, rc;

	CHILD_ASSERT(!cg_path_of(0, "0::", before, sizeof(before)), "%m");
	CHILD_ASSERT(!nsc_child_start(&x, CLONE_NEWCGROUP, open_in_lesser_ns,
				      w), "clone: %m");
	fd = nsc_recv_fd(x.sock);
	rc = nsc_child_wait(&x);
	CHILD_ASSERT(rc == 0 && fd >= 0, "opener failed (%d)", rc);
	errno = 0;
	n = write(fd, "0", 1);
	CHILD_ASSERT(!cg_path_of(0, "0::", after, sizeof(after)), "%m");
	if (w->nsdelegate) {
		/* b is outside the opener's ns: refused, we stay in a */
		CHILD_ASSERT(n < 0 && errno == ENOENT,
			     "write via the lesser ns's fd: %zd %m (want ENOENT)",
			     n);
		CHILD_ASSERT(!strcmp(before, after), "moved to %s", after);
	} else {
		/* no delegation boundary: an ordinary migration */
		CHILD_ASSERT(n == 1, "write without nsdelegate: %m");
		CHILD_ASSERT(strcmp(before, after), "still in %s", after);
		return 0;
	}
	close(fd);
	/* the same write through our own open succeeds */
	fd = open(w->b_procs, O_RDWR | O_CLOEXEC);
	CHILD_ASSERT(fd >= 0, "%m");
	CHILD_ASSERT(write(fd, "0", 1) == 1, "write via our own fd: %m");
	CHILD_ASSERT(!cg_path_of(0, "0::", after, sizeof(after)), "%m");
	CHILD_ASSERT(strcmp(before, after), "still in %s", after);
	return 0;
}

NSC_RULES(cgroup_11_procs_write_checked_in_opener_ns, "CGROUP-11");
TEST_F(procs, cgroup_11_procs_write_checked_in_opener_ns)
{
	struct worker_arg w = { .nsdelegate = self->nsdelegate };
	char a_dir[1100];
	int afd;

	w.cgns = nsc_ns_ino(0, "cgroup");
	ASSERT_NE((ino_t)0, w.cgns);
	snprintf(w.b_procs, sizeof(w.b_procs), "%s/b/cgroup.procs", self->cg.dir);
	snprintf(a_dir, sizeof(a_dir), "%s/a", self->cg.dir);
	afd = open(a_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, afd) TH_LOG("%s: %m", a_dir);
	ASSERT_EQ(0, nsc_child_start_cgroup(&self->worker, 0, afd, worker, &w))
		TH_LOG("clone3(CLONE_INTO_CGROUP %s): %m", a_dir);
	close(afd);
	ASSERT_CHILD_OK(&self->worker);
	if (!self->nsdelegate)
		TH_LOG("cgroup2 without nsdelegate: only the no-boundary "
		       "behaviour was checked");
}

/* A member of a cgroup ns rooted at a: it may move itself inside that
 * subtree (to a/c), but not to the sibling b outside it. */
static int member_leaves_ns(int sock, void *arg)
{
	struct worker_arg *w = arg;
	char path[CG_PATH_LEN], c_procs[1200];
	ssize_t n;
	int fd;

	CHILD_ASSERT(!cg_path_of(0, "0::", path, sizeof(path)), "%m");
	CHILD_ASSERT(!strcmp(path, "/"), "not at the ns root: %s", path);
	/* inside the ns: an ordinary migration */
	snprintf(c_procs, sizeof(c_procs), "%s", w->b_procs);
	strcpy(strstr(c_procs, "/b/cgroup.procs"), "/a/c/cgroup.procs");
	fd = open(c_procs, O_RDWR | O_CLOEXEC);
	CHILD_ASSERT(fd >= 0, "%s: %m", c_procs);
	CHILD_ASSERT(write(fd, "0", 1) == 1, "move to a/c inside the ns: %m");
	close(fd);
	CHILD_ASSERT(!cg_path_of(0, "0::", path, sizeof(path)), "%m");
	CHILD_ASSERT(!strcmp(path, "/c"), "after the move: %s", path);
	/* out of the ns's subtree */
	fd = open(w->b_procs, O_RDWR | O_CLOEXEC);
	CHILD_ASSERT(fd >= 0, "%s: %m", w->b_procs);
	errno = 0;
	n = write(fd, "0", 1);
	CHILD_ASSERT(!cg_path_of(0, "0::", path, sizeof(path)), "%m");
	if (w->nsdelegate) {
		CHILD_ASSERT(n < 0 && errno == ENOENT,
			     "leaving the ns's subtree: %zd %m (want ENOENT)", n);
		CHILD_ASSERT(!strcmp(path, "/c"), "moved to %s", path);
	} else {
		CHILD_ASSERT(n == 1, "write without nsdelegate: %m");
		CHILD_ASSERT(!strcmp(path, "/../b"), "now at %s", path);
	}
	return 0;
}

NSC_RULES(cgroup_12_member_cannot_migrate_out_of_ns_root, "CGROUP-12");
TEST_F(procs, cgroup_12_member_cannot_migrate_out_of_ns_root)
{
	struct worker_arg w = { .nsdelegate = self->nsdelegate };
	char a_dir[1100];
	int afd;

	ASSERT_EQ(0, cg_scratch_sub(&self->cg, "a/c")) TH_LOG("%m");
	snprintf(w.b_procs, sizeof(w.b_procs), "%s/b/cgroup.procs", self->cg.dir);
	snprintf(a_dir, sizeof(a_dir), "%s/a", self->cg.dir);
	afd = open(a_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, afd) TH_LOG("%s: %m", a_dir);
	/* CLONE_INTO_CGROUP | CLONE_NEWCGROUP: the ns root is a (CGROUP-10) */
	ASSERT_EQ(0, nsc_child_start_cgroup(&self->worker, CLONE_NEWCGROUP, afd,
					    member_leaves_ns, &w))
		TH_LOG("clone3(CLONE_INTO_CGROUP %s): %m", a_dir);
	close(afd);
	/* the member proves its new ns: it reads its cgroup a as "/" */
	ASSERT_CHILD_OK(&self->worker);
}

TEST_HARNESS_MAIN
