// SPDX-License-Identifier: GPL-2.0
/*
 * Cgroup namespaces and cgroup filesystem mounts. Source:
 * cgroup_namespaces(7), user_namespaces(7), mount(2).
 *
 * Mounts are made only in private mount namespaces (/ made private, a tmpfs
 * over /tmp); cgroups only in a scratch cgroup S removed in teardown.
 */
#include <sys/mount.h>
#include <sys/vfs.h>

#include "nsc_harness.h"
#include "cg_util.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

FIXTURE(cgmount) {
	struct cg_scratch cg;
	struct nsc_child child;
};

FIXTURE_VARIANT(cgmount) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(cgmount);

FIXTURE_SETUP(cgmount)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_REQUIRE(nsc_need_nstype(&nsc_nstypes[NSC_NS_CGROUP]));
	NSC_ENTER_PRIV(variant->priv);
	NSC_REQUIRE(cg_scratch_make(&self->cg));
	ASSERT_TRUE(self->cg.made) TH_LOG("scratch cgroup %s: %m", self->cg.dir);
}

FIXTURE_TEARDOWN(cgmount)
{
	nsc_child_kill(&self->child);
	cg_scratch_remove(&self->cg);
}

/* Private mount ns, tmpfs on /tmp, a fresh cgroup2 mount on /tmp/cg. */
static int mount_fresh_cgroup2(void)
{
	if (nsc_sandbox_tmpfs("/tmp") || mkdir("/tmp/cg", 0755))
		return -1;
	return mount("cgroup2", "/tmp/cg", "cgroup2", 0, NULL);
}

struct mnt_arg {
	const char *inherited_at;	/* the cgroup2 mount point before */
	char want_root[256];		/* its root as the new ns must show it */
};

/* Child, already moved into S by the parent: unshare, compare roots. */
static int mount_roots(int sock, void *arg)
{
	const struct mnt_arg *a = arg;
	struct nsc_mountinfo m;

	CHILD_ASSERT(nsc_recv_byte(sock) == 'g', "no go-ahead");
	CHILD_ASSERT(!unshare(CLONE_NEWCGROUP), "%m");
	CHILD_ASSERT(!nsc_mountinfo_find(0, a->inherited_at, &m), "%s: %m",
		     a->inherited_at);
	CHILD_ASSERT(!strcmp(m.root, a->want_root),
		     "inherited mount root '%s', want '%s'", m.root, a->want_root);
	CHILD_ASSERT(!mount_fresh_cgroup2(), "mounting cgroup2: %m");
	CHILD_ASSERT(!nsc_mountinfo_find(0, "/tmp/cg", &m), "%m");
	CHILD_ASSERT(!strcmp(m.fstype, "cgroup2"), "fstype %s", m.fstype);
	CHILD_ASSERT(!strcmp(m.root, "/"), "fresh mount root '%s'", m.root);
	return 0;
}

NSC_RULES(cgroup_05_inherited_mount_root_relative, "CGROUP-05");
TEST_F(cgmount, cgroup_05_inherited_mount_root_relative)
{
	struct mnt_arg a = { self->cg.mnt };
	size_t used = 0;

	/* S sits at depth d below the mount's root (our ns root's depth
	 * below it, up, plus S's below ours): its root reads "/.." x d */
	for (int i = 0; i < self->cg.up; i++)
		used += snprintf(a.want_root + used, sizeof(a.want_root) - used,
				 "/..");
	for (const char *p = self->cg.rel; *p; p++)
		if (*p == '/')
			used += snprintf(a.want_root + used,
					 sizeof(a.want_root) - used, "/..");
	ASSERT_CHILD_START(&self->child, 0, mount_roots, &a);
	ASSERT_EQ(0, cg_move(&self->cg, NULL, self->child.pid)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'g'));
	ASSERT_CHILD_OK(&self->child);
}

/* Child in S/a: its fresh mount must show S/a as the top. */
static int fresh_mount_scope(int sock, void *arg)
{
	struct nsc_mountinfo m;
	char procs[4096];
	struct stat st;

	CHILD_ASSERT(nsc_recv_byte(sock) == 'g', "no go-ahead");
	CHILD_ASSERT(!nsc_unshare_checked(CLONE_NEWCGROUP), "%m");
	CHILD_ASSERT(!mount_fresh_cgroup2(), "mounting cgroup2: %m");
	CHILD_ASSERT(!nsc_mountinfo_find(0, "/tmp/cg", &m), "%m");
	CHILD_ASSERT(!strcmp(m.root, "/"), "own view of the mount's root: %s",
		     m.root);
	CHILD_ASSERT(!stat("/tmp/cg/c", &st), "root's child cgroup c: %m");
	errno = 0;
	CHILD_ASSERT(stat("/tmp/cg/b", &st) == -1 && errno == ENOENT,
		     "sibling b of the root reachable (errno %d)", errno);
	CHILD_ASSERT(nsc_read_file("/tmp/cg/cgroup.procs", procs, sizeof(procs)) >= 0,
		     "%m");
	CHILD_ASSERT(!nsc_send_buf(sock, procs, sizeof(procs)), "%m");
	/* stay in S/a until the parent has read it from outside (an exited
	 * task leaves cgroup.procs before it is reaped) */
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

NSC_RULES(cgroup_06_fresh_mount_shows_only_ns_subtree, "CGROUP-06");
TEST_F(cgmount, cgroup_06_fresh_mount_shows_only_ns_subtree)
{
	char path[1200], host[4096], inside[4096], pid[16];

	ASSERT_EQ(0, cg_scratch_sub(&self->cg, "a")) TH_LOG("%m");
	ASSERT_EQ(0, cg_scratch_sub(&self->cg, "b")) TH_LOG("%m");
	ASSERT_EQ(0, cg_scratch_sub(&self->cg, "a/c")) TH_LOG("%m");
	ASSERT_CHILD_START(&self->child, 0, fresh_mount_scope, NULL);
	ASSERT_EQ(0, cg_move(&self->cg, "a", self->child.pid)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'g'));
	ASSERT_EQ(sizeof(inside),
		  nsc_recv_buf(self->child.sock, inside, sizeof(inside)));
	snprintf(path, sizeof(path), "%s/a/cgroup.procs", self->cg.dir);
	ASSERT_LE(0, nsc_read_file(path, host, sizeof(host))) TH_LOG("%m");
	snprintf(pid, sizeof(pid), "%d\n", self->child.pid);
	EXPECT_STREQ(pid, host);
	EXPECT_STREQ(host, inside) TH_LOG("top of the fresh mount is not S/a");
	/*
	 * Nothing above S/a is part of the mount: from our cgroup ns its root
	 * is S/a in the hierarchy (a mount of the whole hierarchy would show
	 * "/"), so no cgroup or control file above it can be reached through
	 * it (a path's ".." at its top leaves the mount, as at any mount).
	 */
	{
		struct nsc_mountinfo m;
		char want[1200];

		ASSERT_EQ(0, nsc_mountinfo_find(self->child.pid, "/tmp/cg", &m))
			TH_LOG("the child's mount: %m");
		snprintf(want, sizeof(want), "%s/a", self->cg.rel);
		EXPECT_STREQ(want, m.root) TH_LOG("the mount's root in the hierarchy");
	}
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/* As an unprivileged uid: user + mount ns, then a cgroup ns of our own. */
static int unpriv_mount(int sock, void *arg)
{
	struct statfs sfs;

	CHILD_ASSERT(!nsc_drop_to_nobody(), "%m");
	CHILD_ASSERT(!nsc_unshare_userns_root(0), "%m");
	CHILD_ASSERT(!nsc_sandbox_tmpfs("/tmp") && !mkdir("/tmp/cg", 0755), "%m");
	/* the cgroup ns is still the initial one, owned by the initial user ns */
	errno = 0;
	CHILD_ASSERT(mount("cgroup2", "/tmp/cg", "cgroup2", 0, NULL) == -1 &&
		     errno == EPERM, "cgroup2 mount in a foreign cgroup ns: errno %d",
		     errno);
	CHILD_ASSERT(!unshare(CLONE_NEWCGROUP), "%m");
	CHILD_ASSERT(!mount("cgroup2", "/tmp/cg", "cgroup2", 0, NULL),
		     "cgroup2 mount in our own cgroup ns: %m");
	CHILD_ASSERT(!statfs("/tmp/cg", &sfs), "%m");
	CHILD_ASSERT(sfs.f_type == CGROUP2_SUPER_MAGIC, "f_type %#lx",
		     (unsigned long)sfs.f_type);
	return 0;
}

NSC_RULES(cgroup_08_userns_root_mounts_cgroup2, "CGROUP-08");
NSC_REQUIRES(cgroup_08_userns_root_mounts_cgroup2,
	     NSC_NSTYPES(CLONE_NEWCGROUP), NSC_USERNS);
TEST(cgroup_08_userns_root_mounts_cgroup2)
{
	struct nsc_child c = NSC_CHILD_INIT;
	char mnt[256];

	if (cg2_find_mount(mnt))
		SKIP(return, "no cgroup2 hierarchy is mounted");
	ASSERT_CHILD_START(&c, 0, unpriv_mount, NULL);
	ASSERT_CHILD_OK(&c);
}

TEST_HARNESS_MAIN
