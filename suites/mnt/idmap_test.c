// SPDX-License-Identifier: GPL-2.0
/*
 * Idmapped mounts: open_tree(OPEN_TREE_CLONE) + mount_setattr(
 * MOUNT_ATTR_IDMAP) + move_mount(), and the errors of MOUNT_ATTR_IDMAP.
 * Source: mount_setattr(2), open_tree(2), move_mount(2).
 * Root only: the idmap user ns is written a map onto host ids other than
 * our own, which needs CAP_SETUID/CAP_SETGID over the initial user ns.
 */
#include "nsc_harness.h"
#include "mnt_util.h"

#define SRC SANDBOX "/src"
#define DST SANDBOX "/dst"
#define MAPPED_HOST_ID 1000	/* map "0 1000 1" */

FIXTURE(idmap) {
	struct nsc_child holder;	/* keeps the idmap user ns alive */
	int userns_fd;
	int tree_fd;
};

static int hold_userns(int sock, void *arg)
{
	CHILD_ASSERT(!unshare(CLONE_NEWUSER), "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

FIXTURE_SETUP(idmap)
{
	char m[32];

	self->holder = (struct nsc_child)NSC_CHILD_INIT;
	self->userns_fd = self->tree_fd = -EBADF;
	NSC_REQUIRE(nsc_need_root());
	NSC_REQUIRE(nsc_need_userns());
	ASSERT_EQ(0, mnt_sandbox()) TH_LOG("%m");
	ASSERT_EQ(0, mk_tmpfs(SRC, "nsc-idmap")) TH_LOG("%m");
	ASSERT_EQ(0, mk_dir(DST));
	ASSERT_CHILD_START(&self->holder, 0, hold_userns, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->holder.sock));
	snprintf(m, sizeof(m), "0 %d 1\n", MAPPED_HOST_ID);
	ASSERT_EQ(0, nsc_write_maps(self->holder.pid, m, m, false))
		TH_LOG("maps of %d: %m", self->holder.pid);
	self->userns_fd = nsc_ns_open(self->holder.pid, "user");
	ASSERT_LE(0, self->userns_fd) TH_LOG("%m");
	self->tree_fd = nsc_open_tree(AT_FDCWD, SRC,
				      OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	if (self->tree_fd < 0 && errno == ENOSYS)
		SKIP(return, "kernel lacks open_tree() (ENOSYS)");
	ASSERT_LE(0, self->tree_fd) TH_LOG("open_tree(%s, CLONE): %m", SRC);
	/* tmpfs gained idmapped mounts in 6.3: probe on a throwaway clone */
	int probe = nsc_open_tree(AT_FDCWD, SRC, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	struct nsc_mount_attr a = { .attr_set = MOUNT_ATTR_IDMAP,
				    .userns_fd = (__u64)self->userns_fd };

	ASSERT_LE(0, probe) TH_LOG("%m");
	int rc = nsc_mount_setattr(probe, "", AT_EMPTY_PATH, &a, sizeof(a));
	int err = errno;

	close(probe);
	if (rc && err == ENOSYS)
		SKIP(return, "kernel lacks mount_setattr() (ENOSYS)");
	if (rc && err == EINVAL && !nsc_kernel_at_least(6, 3))
		SKIP(return, "tmpfs supports idmapped mounts only since 6.3 (EINVAL on %s)",
		     "this kernel");
}

FIXTURE_TEARDOWN(idmap)
{
	if (self->tree_fd >= 0)
		close(self->tree_fd);
	if (self->userns_fd >= 0)
		close(self->userns_fd);
	nsc_child_kill(&self->holder);
}

static int set_idmap(int fd, int userns_fd)
{
	struct nsc_mount_attr a = {
		.attr_set = MOUNT_ATTR_IDMAP,
		.userns_fd = (__u64)userns_fd,
	};

	return nsc_mount_setattr(fd, "", AT_EMPTY_PATH, &a, sizeof(a));
}

static int mk_owned(const char *path, uid_t id)
{
	return nsc_put_file(path, "x") || chown(path, id, id) ? -1 : 0;
}

/* covers: MNT-34 */
TEST_F(idmap, mnt_34_idmapped_mount_maps_owners)
{
	static const uid_t disk[] = { 0, MAPPED_HOST_ID, 5000 };
	int ovf = nsc_overflow_uid(), rc;
	char p[64];
	struct stat st;

	for (size_t i = 0; i < NSC_ARRAY_SIZE(disk); i++) {
		snprintf(p, sizeof(p), SRC "/f%u", (unsigned int)disk[i]);
		ASSERT_EQ(0, mk_owned(p, disk[i])) TH_LOG("%s: %m", p);
	}
	rc = set_idmap(self->tree_fd, self->userns_fd);
	if (rc && errno == ENOSYS)
		SKIP(return, "kernel lacks mount_setattr() (ENOSYS)");
	ASSERT_EQ(0, rc) TH_LOG("MOUNT_ATTR_IDMAP on a tmpfs clone: %m");
	ASSERT_EQ(0, nsc_move_mount(self->tree_fd, "", AT_FDCWD, DST,
				    MOVE_MOUNT_F_EMPTY_PATH)) TH_LOG("%m");
	/*
	 * An on-disk id k is read as id k of the idmap's user ns, so it shows
	 * as the host id it maps to there; ids with no mapping show as the
	 * overflow id.
	 */
	ASSERT_EQ(0, stat(DST "/f0", &st)) TH_LOG("%m");
	EXPECT_EQ(MAPPED_HOST_ID, (int)st.st_uid);
	EXPECT_EQ(MAPPED_HOST_ID, (int)st.st_gid);
	ASSERT_EQ(0, stat(DST "/f1000", &st)) TH_LOG("%m");
	EXPECT_EQ(ovf, (int)st.st_uid);
	ASSERT_EQ(0, stat(DST "/f5000", &st)) TH_LOG("%m");
	EXPECT_EQ(ovf, (int)st.st_uid);
	EXPECT_EQ(nsc_overflow_gid(), (int)st.st_gid);
	/* the original mount still shows the on-disk ids */
	ASSERT_EQ(0, stat(SRC "/f0", &st));
	EXPECT_EQ(0, (int)st.st_uid);
	ASSERT_EQ(0, stat(SRC "/f1000", &st));
	EXPECT_EQ(MAPPED_HOST_ID, (int)st.st_uid);
}

/* covers: MNT-35 */
TEST_F(idmap, mnt_35_idmap_errors)
{
	struct nsc_mount_attr clr = {
		.attr_clr = MOUNT_ATTR_IDMAP,
		.userns_fd = (__u64)self->userns_fd,
	};
	int init_user = nsc_ns_open(0, "user");
	int mnt_fd = nsc_ns_open(0, "mnt");

	ASSERT_LE(0, init_user);
	ASSERT_LE(0, mnt_fd);
	/* an attached mount */
	EXPECT_EQ(-1, nsc_mount_setattr(AT_FDCWD, SRC, 0, &(struct nsc_mount_attr){
		.attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (__u64)self->userns_fd },
		sizeof(struct nsc_mount_attr)));
	EXPECT_EQ(EINVAL, errno) TH_LOG("attached: %m");
	/* the initial user ns */
	EXPECT_EQ(-1, set_idmap(self->tree_fd, init_user));
	EXPECT_EQ(EPERM, errno) TH_LOG("initial user ns: %m");
	/* not a user ns */
	EXPECT_EQ(-1, set_idmap(self->tree_fd, mnt_fd));
	EXPECT_EQ(EINVAL, errno) TH_LOG("mount ns fd: %m");
	/* IDMAP in attr_clr */
	EXPECT_EQ(-1, nsc_mount_setattr(self->tree_fd, "", AT_EMPTY_PATH, &clr,
					sizeof(clr)));
	EXPECT_EQ(EINVAL, errno) TH_LOG("attr_clr: %m");
	/* already idmapped */
	ASSERT_EQ(0, set_idmap(self->tree_fd, self->userns_fd)) TH_LOG("%m");
	EXPECT_EQ(-1, set_idmap(self->tree_fd, self->userns_fd));
	EXPECT_EQ(EPERM, errno) TH_LOG("second idmap: %m");
	close(init_user);
	close(mnt_fd);
}

TEST_HARNESS_MAIN
