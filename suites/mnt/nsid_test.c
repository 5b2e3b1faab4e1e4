// SPDX-License-Identifier: GPL-2.0
/*
 * Mount namespace ids: NS_GET_MNTNS_ID, NS_MNT_GET_INFO/NEXT/PREV, and
 * listmount()/statmount() aimed at another mount ns by its id.
 * Source: include/uapi/linux/nsfs.h and mount.h (6.9–6.12; newer than
 * man-pages 6.03).
 */
#include "nsc_harness.h"
#include "mnt_util.h"

/* ---- uapi pieces missing from the 6.1 headers ---- */
struct mnt_req {		/* struct mnt_id_req, VER1 */
	__u32 size;
	__u32 mnt_ns_fd;
	__u64 mnt_id;
	__u64 param;
	__u64 mnt_ns_id;
};
#define MNT_REQ_SIZE_VER1 32

struct stmnt {			/* head of struct statmount */
	__u32 size;
	__u32 mnt_opts;
	__u64 mask;
	__u32 sb_dev_major, sb_dev_minor;
	__u64 sb_magic;
	__u32 sb_flags;
	__u32 fs_type;
	__u64 mnt_id, mnt_parent_id;
	__u32 mnt_id_old, mnt_parent_id_old;
	__u64 mnt_attr, mnt_propagation, mnt_peer_group, mnt_master;
	__u64 propagate_from;
	__u32 mnt_root;
	__u32 mnt_point;
	__u64 mnt_ns_id;
	__u64 spare[49];
	char str[];
};
#ifndef STATMOUNT_MNT_POINT
#define STATMOUNT_MNT_POINT 0x00000010U
#endif
#ifndef LSMT_ROOT
#define LSMT_ROOT 0xffffffffffffffffULL
#endif

static long do_listmount(__u64 ns_id, __u64 *ids, size_t nr)
{
	struct mnt_req req = {
		.size = MNT_REQ_SIZE_VER1, .mnt_id = LSMT_ROOT, .mnt_ns_id = ns_id,
	};

	return syscall(__NR_listmount, &req, ids, nr, 0);
}

/* Mount point of mount id in ns ns_id, into buf; 0 or -1. */
static int mount_point_of(__u64 ns_id, __u64 id, char *buf, size_t len)
{
	static union { struct stmnt sm; char raw[8192]; } u;
	struct mnt_req req = {
		.size = MNT_REQ_SIZE_VER1, .mnt_id = id,
		.param = STATMOUNT_MNT_POINT, .mnt_ns_id = ns_id,
	};

	if (syscall(__NR_statmount, &req, &u.sm, sizeof(u), 0))
		return -1;
	if (!(u.sm.mask & STATMOUNT_MNT_POINT)) {
		errno = ENODATA;
		return -1;
	}
	snprintf(buf, len, "%s", u.sm.str + u.sm.mnt_point);
	return 0;
}

/* 1 when ns ns_id (0 = own) has a mount at path, 0 if not, -1 on error. */
static int ns_has_mount(__u64 ns_id, const char *path)
{
	static __u64 ids[512];
	char mp[256];
	long n = do_listmount(ns_id, ids, NSC_ARRAY_SIZE(ids));

	if (n < 0)
		return -1;
	for (long i = 0; i < n; i++) {
		if (mount_point_of(ns_id, ids[i], mp, sizeof(mp)))
			return -1;
		if (!strcmp(mp, path))
			return 1;
	}
	return 0;
}

#ifndef STATMOUNT_MNT_BASIC
#define STATMOUNT_MNT_BASIC 0x00000002U
#endif
#ifndef STATX_MNT_ID_UNIQUE
#define STATX_MNT_ID_UNIQUE 0x00004000U
#endif

/*
 * How many mounts of ns ns_id lie beneath the root of pid: the ancestors of
 * its root mount, which /proc/PID/mountinfo cannot show. -1 on error.
 */
static int mounts_below_root(pid_t pid, __u64 ns_id)
{
	static union { struct stmnt sm; char raw[512]; } u;
	struct mnt_req req = {
		.size = MNT_REQ_SIZE_VER1, .param = STATMOUNT_MNT_BASIC,
		.mnt_ns_id = ns_id,
	};
	char path[64];
	struct statx stx;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/root", (int)pid);
	if (statx(AT_FDCWD, path, 0, STATX_MNT_ID_UNIQUE, &stx))
		return -1;
	if (!(stx.stx_mask & STATX_MNT_ID_UNIQUE)) {
		errno = ENODATA;
		return -1;
	}
	req.mnt_id = stx.stx_mnt_id;
	for (;;) {
		if (syscall(__NR_statmount, &req, &u.sm, sizeof(u), 0))
			return -1;
		if (!(u.sm.mask & STATMOUNT_MNT_BASIC)) {
			errno = ENODATA;
			return -1;
		}
		if (u.sm.mnt_parent_id == u.sm.mnt_id)	/* the ns root */
			return n;
		if (++n > 64) {
			errno = ELOOP;
			return -1;
		}
		req.mnt_id = u.sm.mnt_parent_id;
	}
}

static int mntns_id(int fd, __u64 *id)
{
	return ioctl(fd, NS_GET_MNTNS_ID, id);
}

FIXTURE(nsid) {
	struct nsc_child child;
	int fd;			/* the child's mount ns */
	__u64 id;
};

FIXTURE_VARIANT(nsid) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(nsid);

static int hold_with_mount(int sock, void *arg)
{
	CHILD_ASSERT(!mk_tmpfs(SANDBOX "/h", "nsc-nsid"), "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

FIXTURE_SETUP(nsid)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	self->fd = -EBADF;
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_EQ(0, mnt_sandbox()) TH_LOG("%m");
	ASSERT_CHILD_START(&self->child, CLONE_NEWNS, hold_with_mount, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	self->fd = nsc_ns_open(self->child.pid, "mnt");
	ASSERT_LE(0, self->fd) TH_LOG("%m");
	if (mntns_id(self->fd, &self->id) && errno == ENOTTY)
		SKIP(return, "kernel lacks NS_GET_MNTNS_ID (ENOTTY), 6.9+");
	ASSERT_EQ(0, mntns_id(self->fd, &self->id)) TH_LOG("NS_GET_MNTNS_ID: %m");
}

FIXTURE_TEARDOWN(nsid)
{
	if (self->fd >= 0)
		close(self->fd);
	nsc_child_kill(&self->child);
}

/* covers: MNT-37 */
TEST_F(nsid, mnt_37_mntns_id_matches_info)
{
	struct nsc_mnt_ns_info info = { .size = sizeof(info) };
	int own = nsc_ns_open(0, "mnt"), below;
	__u64 own_id = 0;

	ASSERT_LE(0, own);
	ASSERT_EQ(0, mntns_id(own, &own_id)) TH_LOG("%m");
	EXPECT_NE(own_id, self->id);
	if (ioctl(self->fd, NS_MNT_GET_INFO, &info) && errno == ENOTTY)
		SKIP(return, "kernel lacks NS_MNT_GET_INFO (ENOTTY), 6.12+");
	ASSERT_EQ(self->id, info.mnt_ns_id) TH_LOG("NS_MNT_GET_INFO: %m");
	/*
	 * nr_mounts counts the mounts of the ns but its root mount, also
	 * those below the process root that mountinfo hides (the rootfs under
	 * a switched root, since 7.0 also the nullfs under it): seen on 6.1
	 * to 7.3 with a switched root (1 or 2 below).
	 */
	below = mounts_below_root(self->child.pid, self->id);
	ASSERT_LE(0, below) TH_LOG("statmount walk to the ns root: %m");
	EXPECT_EQ(nsc_mountinfo_count(self->child.pid) + below - 1, (int)info.nr_mounts)
		TH_LOG("%d of them below the root", below);
	close(own);
}

/* covers: MNT-37 */
TEST_F(nsid, mnt_37_mntns_ioctls_on_other_ns_einval)
{
	struct nsc_mnt_ns_info info = { .size = sizeof(info) };
	int net = nsc_ns_open(0, "net");
	__u64 id = 0;

	ASSERT_LE(0, net);
	EXPECT_EQ(-1, mntns_id(net, &id));
	EXPECT_EQ(EINVAL, errno) TH_LOG("NS_GET_MNTNS_ID on net: %m");
	EXPECT_EQ(-1, ioctl(net, NS_MNT_GET_INFO, &info));
	if (errno != ENOTTY)	/* ENOTTY: no NS_MNT_GET_INFO before 6.12 */
		EXPECT_EQ(EINVAL, errno) TH_LOG("NS_MNT_GET_INFO on net: %m");
	close(net);
}

/* covers: MNT-38 */
TEST_F(nsid, mnt_38_listmount_statmount_of_other_ns)
{
	__u64 ids[4];
	int r;

	if (do_listmount(self->id, ids, NSC_ARRAY_SIZE(ids)) < 0 &&
	    (errno == ENOSYS || errno == E2BIG))
		SKIP(return, "kernel lacks listmount() with mnt_ns_id (%m), 6.11+");
	r = ns_has_mount(self->id, SANDBOX "/h");
	ASSERT_LE(0, r) TH_LOG("listmount/statmount in ns %llu: %m",
			       (unsigned long long)self->id);
	EXPECT_EQ(1, r) TH_LOG("the child's mount is not listed");
	EXPECT_EQ(0, ns_has_mount(0, SANDBOX "/h"))
		TH_LOG("own ns lists the child's mount");
}

/* arg: { ns id, a mount id in that ns } */
static int list_foreign(int sock, void *arg)
{
	const __u64 *a = arg;
	__u64 ids[4];
	char mp[64];

	CHILD_ASSERT(!nsc_unshare_userns_root(0), "%m");
	/* listmount() hides a ns the caller has no power over (ENOENT) */
	errno = 0;
	CHILD_ASSERT(do_listmount(a[0], ids, NSC_ARRAY_SIZE(ids)) == -1 &&
		     errno == ENOENT, "listmount of ns %llu: errno %d",
		     (unsigned long long)a[0], errno);
	/* statmount() refuses it (EPERM) */
	errno = 0;
	CHILD_ASSERT(mount_point_of(a[0], a[1], mp, sizeof(mp)) == -1 &&
		     errno == EPERM, "statmount in ns %llu: errno %d",
		     (unsigned long long)a[0], errno);
	return 0;
}

/* covers: MNT-38 */
TEST_F(nsid, mnt_38_listmount_needs_admin_over_owner)
{
	__u64 a[2] = { self->id, 0 };
	char mp[64];

	NSC_REQUIRE(nsc_need_userns());
	if (do_listmount(self->id, &a[1], 1) < 0 &&
	    (errno == ENOSYS || errno == E2BIG))
		SKIP(return, "kernel lacks listmount() with mnt_ns_id (%m), 6.11+");
	/* control: with the power over the owner both calls work */
	ASSERT_EQ(1, do_listmount(self->id, &a[1], 1)) TH_LOG("%m");
	ASSERT_EQ(0, mount_point_of(self->id, a[1], mp, sizeof(mp))) TH_LOG("%m");
	ASSERT_CHILD_RUN(0, list_foreign, a);
}

/*
 * Root only: NEXT/PREV need CAP_SYS_ADMIN in the initial user ns and a
 * caller in the initial PID ns.
 * covers: MNT-37
 */
TEST(mnt_37_next_prev_walk_in_id_order)
{
	struct nsc_child a = NSC_CHILD_INIT, b = NSC_CHILD_INIT;
	struct nsc_mnt_ns_info info = { .size = sizeof(info) };
	__u64 ida = 0, idb = 0, id = 0;
	int fa, fb, f;

	NSC_REQUIRE(nsc_need_root());
	ASSERT_EQ(0, mnt_sandbox()) TH_LOG("%m");
	ASSERT_CHILD_START(&a, CLONE_NEWNS, nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(a.sock));
	ASSERT_CHILD_START(&b, CLONE_NEWNS, nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(b.sock));
	fa = nsc_ns_open(a.pid, "mnt");
	fb = nsc_ns_open(b.pid, "mnt");
	ASSERT_LE(0, fa);
	ASSERT_LE(0, fb);
	if (mntns_id(fa, &ida) && errno == ENOTTY)
		SKIP(return, "kernel lacks NS_GET_MNTNS_ID (ENOTTY), 6.9+");
	ASSERT_EQ(0, mntns_id(fb, &idb)) TH_LOG("%m");
	ASSERT_NE(ida, idb);
	/* ids are unique, but on 6.18 not in creation order across CPUs */
	if (ida > idb) {
		__u64 t = ida;

		ida = idb;
		idb = t;
		f = fa;
		fa = fb;
		fb = f;
	}
	/* other namespaces may lie between: next of A is in (A, B] */
	f = ioctl(fa, NS_MNT_GET_NEXT, &info);
	if (f < 0 && errno == ENOTTY)
		SKIP(return, "kernel lacks NS_MNT_GET_NEXT (ENOTTY), 6.12+");
	/* the walk is for a caller that may see every namespace: the
	 * initial pid ns with CAP_SYS_ADMIN in the initial user ns
	 * (may_see_all_namespaces(), 7.0 and stable 6.12+; CORE-48) */
	if (f < 0 && errno == EPERM && nsc_need_init_pidns())
		SKIP(return, "NS_MNT_GET_NEXT: EPERM, %s", nsc_need_init_pidns());
	if (f < 0 && errno == EPERM && nsc_need_init_userns())
		SKIP(return, "NS_MNT_GET_NEXT: EPERM, %s", nsc_need_init_userns());
	ASSERT_LE(0, f) TH_LOG("NS_MNT_GET_NEXT: %m");
	ASSERT_EQ(0, mntns_id(f, &id));
	EXPECT_EQ(id, info.mnt_ns_id);
	EXPECT_TRUE(id > ida && id <= idb) TH_LOG("next %llu", (unsigned long long)id);
	close(f);
	f = ioctl(fb, NS_MNT_GET_PREV, &info);
	ASSERT_LE(0, f) TH_LOG("NS_MNT_GET_PREV: %m");
	ASSERT_EQ(0, mntns_id(f, &id));
	EXPECT_EQ(id, info.mnt_ns_id);
	EXPECT_TRUE(id >= ida && id < idb) TH_LOG("prev %llu", (unsigned long long)id);
	close(f);
	close(fa);
	close(fb);
	nsc_child_kill(&a);
	nsc_child_kill(&b);
}

TEST_HARNESS_MAIN
