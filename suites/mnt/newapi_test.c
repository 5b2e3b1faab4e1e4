// SPDX-License-Identifier: GPL-2.0
/*
 * Mount namespaces made or watched through the new mount API: statmount()
 * by fd, empty mount namespaces, open_tree()/fsmount() that return a new
 * mount namespace, and MOVE_MOUNT_SET_GROUP between namespaces.
 * Source: kernel selftests filesystems/statmount/statmount_test_ns,
 * filesystems/empty_mntns, filesystems/open_tree_ns, filesystems/fsmount_ns,
 * move_mount_set_group
 * (newer than man-pages 6.03).
 */
#include <sys/capability.h>
#include <sys/socket.h>
#include <sys/vfs.h>

#include "nsc_harness.h"
#include "mnt_util.h"

struct req {			/* struct mnt_id_req, VER1 */
	__u32 size;
	__u32 fd;		/* mnt_fd with STATMOUNT_BY_FD */
	__u64 mnt_id;
	__u64 param;
	__u64 mnt_ns_id;
};

struct sm {			/* head of struct statmount */
	__u32 size, mnt_opts;
	__u64 mask;
	__u32 sb_dev_major, sb_dev_minor;
	__u64 sb_magic;
	__u32 sb_flags, fs_type;
	__u64 mnt_id, mnt_parent_id;
	__u32 mnt_id_old, mnt_parent_id_old;
	__u64 mnt_attr, mnt_propagation, mnt_peer_group, mnt_master;
	__u64 propagate_from;
	__u32 mnt_root, mnt_point;
	__u64 mnt_ns_id;
	__u64 spare[49];
	char str[];
};

union smbuf {
	struct sm sm;
	char raw[4096];
};

static long lm(__u64 ns_id, __u64 *ids, size_t nr)
{
	struct req r = { .size = 32, .mnt_id = LSMT_ROOT, .mnt_ns_id = ns_id };

	return syscall(__NR_listmount, &r, ids, nr, 0);
}

static int sm_id(__u64 ns_id, __u64 id, __u64 mask, union smbuf *b)
{
	struct req r = { .size = 32, .mnt_id = id, .param = mask, .mnt_ns_id = ns_id };

	memset(b, 0, sizeof(*b));
	return syscall(__NR_statmount, &r, &b->sm, sizeof(*b), 0);
}

static int sm_fd(int fd, __u64 mask, union smbuf *b)
{
	struct req r = { .size = 32, .fd = fd, .param = mask };

	memset(b, 0, sizeof(*b));
	return syscall(__NR_statmount, &r, &b->sm, sizeof(*b), STATMOUNT_BY_FD);
}

static int ns_id(int fd, __u64 *id)
{
	return ioctl(fd, NS_GET_MNTNS_ID, id);
}

/* Inode of the user ns that owns ns fd, 0 on error. */
static ino_t owner_ino(int fd)
{
	struct nsc_nsid id;
	int u = ioctl(fd, NS_GET_USERNS);

	if (u < 0)
		return 0;
	if (nsc_ns_fstat(u, &id))
		id.ino = 0;
	close(u);
	return id.ino;
}

FIXTURE(newapi) {
	struct nsc_child child;
	int own;		/* our mount ns */
	__u64 own_id;
	long own_nr;		/* mounts in it */
};

FIXTURE_VARIANT(newapi) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(newapi);

FIXTURE_SETUP(newapi)
{
	__u64 ids[512];

	self->child = (struct nsc_child)NSC_CHILD_INIT;
	self->own = -EBADF;
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_EQ(0, mnt_sandbox()) TH_LOG("%m");
	self->own = nsc_ns_open(0, "mnt");
	ASSERT_LE(0, self->own) TH_LOG("%m");
	if (ns_id(self->own, &self->own_id) && errno == ENOTTY)
		SKIP(return, "kernel lacks NS_GET_MNTNS_ID (ENOTTY), 6.9+");
	ASSERT_EQ(0, ns_id(self->own, &self->own_id)) TH_LOG("%m");
	self->own_nr = lm(0, ids, NSC_ARRAY_SIZE(ids));
	if (self->own_nr < 0 && (errno == ENOSYS || errno == E2BIG))
		SKIP(return, "kernel lacks listmount() with mnt_ns_id (%m), 6.11+");
	ASSERT_LT(0, self->own_nr) TH_LOG("listmount: %m");
}

FIXTURE_TEARDOWN(newapi)
{
	if (self->own >= 0)
		close(self->own);
	nsc_child_kill(&self->child);
}

/* Our own ns must look as before: same id, same number of mounts. */
#define ASSERT_OWN_NS_UNCHANGED(self) do { \
	__u64 __id = 0, __ids[512]; \
	int __f = nsc_ns_open(0, "mnt"); \
	ASSERT_LE(0, __f); \
	ASSERT_EQ(0, ns_id(__f, &__id)); \
	close(__f); \
	EXPECT_EQ((self)->own_id, __id); \
	EXPECT_EQ((self)->own_nr, lm(0, __ids, NSC_ARRAY_SIZE(__ids))); \
} while (0)

/* ---- STATMOUNT_BY_FD ---- */

static int mount_and_send_fd(int sock, void *arg)
{
	int fd;

	CHILD_ASSERT(!mk_tmpfs(SANDBOX "/c", "nsc-byfd"), "%m");
	fd = open(SANDBOX "/c", O_PATH | O_DIRECTORY | O_CLOEXEC);
	CHILD_ASSERT(fd >= 0, "%m");
	CHILD_ASSERT(!nsc_send_fd(sock, fd), "%m");
	CHILD_ASSERT(nsc_recv_byte(sock) == 'd', "%m");
	CHILD_ASSERT(!umount2(SANDBOX "/c", MNT_DETACH), "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

/* covers: MNT-43 */
TEST_F(newapi, mnt_43_statmount_by_fd_reports_ns_until_detached)
{
	__u64 mask = STATMOUNT_MNT_BASIC | STATMOUNT_MNT_NS_ID | STATMOUNT_MNT_POINT;
	int cfd, cns, tmp;
	__u64 cid = 0;
	union smbuf b;

	tmp = open(SANDBOX, O_PATH | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, tmp) TH_LOG("%m");
	if (sm_fd(tmp, mask, &b) && errno == EINVAL)
		SKIP(return, "kernel lacks STATMOUNT_BY_FD (EINVAL), 7.0+");
	ASSERT_EQ(0, sm_fd(tmp, mask, &b)) TH_LOG("statmount by fd: %m");
	ASSERT_TRUE(b.sm.mask & STATMOUNT_MNT_NS_ID);
	EXPECT_EQ(self->own_id, b.sm.mnt_ns_id);
	close(tmp);

	ASSERT_CHILD_START(&self->child, CLONE_NEWNS, mount_and_send_fd, NULL);
	cfd = nsc_recv_fd(self->child.sock);
	ASSERT_LE(0, cfd) TH_LOG("%m");
	cns = nsc_ns_open(self->child.pid, "mnt");
	ASSERT_LE(0, cns);
	ASSERT_EQ(0, ns_id(cns, &cid));
	close(cns);
	ASSERT_NE(self->own_id, cid) TH_LOG("the child shares our mount ns");
	EXPECT_FALSE(mnt_present(0, SANDBOX "/c"));
	/* a mount of another ns, named by an fd: that ns's id */
	ASSERT_EQ(0, sm_fd(cfd, mask, &b)) TH_LOG("%m");
	ASSERT_TRUE(b.sm.mask & STATMOUNT_MNT_NS_ID);
	EXPECT_EQ(cid, b.sm.mnt_ns_id);
	ASSERT_TRUE(b.sm.mask & STATMOUNT_MNT_POINT);
	EXPECT_STREQ(SANDBOX "/c", b.sm.str + b.sm.mnt_point);
	/* detached: still described, but in no namespace and at no point */
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'd'));
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_EQ(0, sm_fd(cfd, mask, &b)) TH_LOG("statmount of a detached mount: %m");
	EXPECT_TRUE(b.sm.mask & STATMOUNT_MNT_BASIC);
	EXPECT_FALSE(b.sm.mask & STATMOUNT_MNT_NS_ID)
		TH_LOG("ns id %llu", (unsigned long long)b.sm.mnt_ns_id);
	EXPECT_FALSE(b.sm.mask & STATMOUNT_MNT_POINT);
	close(cfd);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

struct foreign {
	int fd;			/* O_PATH on our sandbox mount */
	__u64 mnt_id, ns_id;	/* its unique id, our ns id */
};

/*
 * From a user + mount ns of its own the caller has no power over our ns:
 * asked by id, statmount() refuses our mount (EPERM, MNT-38); asked by an
 * fd on it, it describes it, ns id included: the fd is the permission.
 */
static int by_fd_foreign(int sock, void *arg)
{
	const struct foreign *f = arg;
	union smbuf b;

	errno = 0;
	CHILD_ASSERT(sm_id(f->ns_id, f->mnt_id, STATMOUNT_MNT_BASIC, &b) == -1 &&
		     errno == EPERM, "statmount by id in a foreign ns: errno %d",
		     errno);
	CHILD_ASSERT(!sm_fd(f->fd, STATMOUNT_MNT_BASIC | STATMOUNT_MNT_NS_ID, &b),
		     "statmount by fd of a foreign mount: %m");
	CHILD_ASSERT(b.sm.mnt_id == f->mnt_id, "mount %llu, want %llu",
		     (unsigned long long)b.sm.mnt_id,
		     (unsigned long long)f->mnt_id);
	CHILD_ASSERT((b.sm.mask & STATMOUNT_MNT_NS_ID) && b.sm.mnt_ns_id == f->ns_id,
		     "ns id %llu (mask %#llx), want %llu",
		     (unsigned long long)b.sm.mnt_ns_id,
		     (unsigned long long)b.sm.mask, (unsigned long long)f->ns_id);
	return 0;
}

/* covers: MNT-51 */
TEST_F(newapi, mnt_51_statmount_by_fd_describes_foreign_mount)
{
	struct foreign f = { .ns_id = self->own_id };
	union smbuf b;

	f.fd = open(SANDBOX, O_PATH | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, f.fd) TH_LOG("%m");
	if (sm_fd(f.fd, STATMOUNT_MNT_BASIC, &b) && errno == EINVAL)
		SKIP(return, "kernel lacks STATMOUNT_BY_FD (EINVAL), 7.0+");
	ASSERT_EQ(0, sm_fd(f.fd, STATMOUNT_MNT_BASIC, &b)) TH_LOG("%m");
	f.mnt_id = b.sm.mnt_id;
	ASSERT_CHILD_RUN(CLONE_NEWUSER | CLONE_NEWNS, by_fd_foreign, &f);
	close(f.fd);
}

/* ---- empty mount namespaces ---- */

/* In a fresh empty mount ns: one mount, nullfs, its own parent, and
 * nothing can be created in it. procfd was opened before. */
static int check_empty_ns(int procfd, __u64 before)
{
	union smbuf b;
	__u64 ids[8], id = 0;
	long n = lm(0, ids, NSC_ARRAY_SIZE(ids));
	int fd;

	fd = openat(procfd, "self/ns/mnt", O_RDONLY | O_CLOEXEC);
	CHILD_ASSERT(fd >= 0, "self/ns/mnt: %m");
	CHILD_ASSERT(!ns_id(fd, &id), "%m");
	close(fd);
	CHILD_ASSERT(id != before, "still in the old mount ns");
	CHILD_ASSERT(n == 1, "listmount: %ld mounts (%m)", n);
	CHILD_ASSERT(!sm_id(0, ids[0], STATMOUNT_MNT_BASIC | STATMOUNT_FS_TYPE |
			    STATMOUNT_MNT_POINT, &b), "statmount: %m");
	CHILD_ASSERT(!strcmp(b.sm.str + b.sm.fs_type, "nullfs"), "fs type %s",
		     b.sm.str + b.sm.fs_type);
	CHILD_ASSERT(b.sm.mnt_parent_id == b.sm.mnt_id, "root has a parent");
	CHILD_ASSERT(!strcmp(b.sm.str + b.sm.mnt_point, "/"), "at %s",
		     b.sm.str + b.sm.mnt_point);
	errno = 0;
	fd = open("/x", O_CREAT | O_RDWR | O_CLOEXEC, 0600);
	CHILD_ASSERT(fd == -1 && errno == ENOENT, "create in the empty root: %d %m", fd);
	return 0;
}

static int unshare_empty(int sock, void *arg)
{
	int procfd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);

	CHILD_ASSERT(procfd >= 0, "%m");
	if (unshare(UNSHARE_EMPTY_MNTNS)) {
		if (errno == EINVAL)
			CHILD_SKIP("kernel lacks UNSHARE_EMPTY_MNTNS (EINVAL)");
		CHILD_ASSERT(0, "unshare(UNSHARE_EMPTY_MNTNS): %m");
	}
	return check_empty_ns(procfd, *(__u64 *)arg);
}

/* covers: MNT-44 */
TEST_F(newapi, mnt_44_unshare_empty_mntns_single_nullfs_root)
{
	ASSERT_CHILD_RUN(0, unshare_empty, &self->own_id);
	ASSERT_OWN_NS_UNCHANGED(self);
}

/* covers: MNT-45 */
TEST_F(newapi, mnt_45_clone3_empty_mntns)
{
	int procfd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	struct nsc_clone_args a = { .flags = CLONE_EMPTY_MNTNS,
				    .exit_signal = SIGCHLD };
	pid_t c;
	int st;

	ASSERT_LE(0, procfd);
	fflush(NULL);
	c = nsc_clone3(&a, NSC_CLONE_ARGS_SIZE_VER0);
	if (c == 0)
		_exit(check_empty_ns(procfd, self->own_id));
	if (c < 0 && errno == EINVAL)
		SKIP(return, "kernel lacks CLONE_EMPTY_MNTNS (EINVAL)");
	ASSERT_LT(0, c) TH_LOG("clone3(CLONE_EMPTY_MNTNS): %m");
	ASSERT_EQ(c, waitpid(c, &st, 0));
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) TH_LOG("status %#x", st);
	close(procfd);
	ASSERT_OWN_NS_UNCHANGED(self);
}

/* ---- open_tree() and fsmount() that return a mount namespace ---- */

/* arg: the new ns fd. Its root is the tree: the marker is at "/m". */
static int enter_tree_ns(int sock, void *arg)
{
	int fd = *(int *)arg;

	CHILD_ASSERT(!setns(fd, CLONE_NEWNS), "setns: %m");
	CHILD_ASSERT(!access("/m", F_OK), "no /m at the new root: %m");
	CHILD_ASSERT(access("/sub/inner", F_OK) && errno == ENOENT,
		     "the submount came along without AT_RECURSIVE");
	return 0;
}

/*
 * Root of a child user ns: CAP_SYS_ADMIN in its own user ns is enough
 * (may_mount() over the mount ns is not asked), and the new ns belongs to
 * that user ns. The copy is less privileged, so /t alone, whose submount
 * would no longer hide what lies under it, is refused (EINVAL, as a
 * non-recursive bind in a less privileged ns, MNT-21); the whole tree goes.
 */
static int open_tree_ns_child_userns(int sock, void *arg)
{
	ino_t me = nsc_ns_ino(0, "user");
	int fd;

	CHILD_ASSERT(me != 0, "%m");
	errno = 0;
	fd = nsc_open_tree(AT_FDCWD, SANDBOX "/t",
			   OPEN_TREE_NAMESPACE | OPEN_TREE_CLOEXEC);
	CHILD_ASSERT(fd == -1 && errno == EINVAL, "without AT_RECURSIVE: fd %d errno %d",
		     fd, errno);
	fd = nsc_open_tree(AT_FDCWD, SANDBOX "/t", OPEN_TREE_NAMESPACE |
			   AT_RECURSIVE | OPEN_TREE_CLOEXEC);
	CHILD_ASSERT(fd >= 0, "with AT_RECURSIVE: %m");
	CHILD_ASSERT(owner_ino(fd) == me, "the new ns is not owned by our user ns");
	close(fd);
	return 0;
}

static int open_tree_ns_no_cap(int sock, void *arg)
{
	int fd;

	CHILD_ASSERT(!nsc_cap_drop_effective(CAP_SYS_ADMIN), "%m");
	errno = 0;
	fd = nsc_open_tree(AT_FDCWD, SANDBOX "/t",
			   OPEN_TREE_NAMESPACE | OPEN_TREE_CLOEXEC);
	CHILD_ASSERT(fd == -1 && errno == EPERM, "fd %d errno %d", fd, errno);
	return 0;
}

/* covers: MNT-46 */
TEST_F(newapi, mnt_46_open_tree_namespace)
{
	__u64 id = 0, ids[8];
	int fd, rfd;

	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/t", "nsc-otns")) TH_LOG("%m");
	ASSERT_EQ(0, nsc_touch(SANDBOX "/t/m"));
	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/t/sub", "nsc-otns-sub")) TH_LOG("%m");
	ASSERT_EQ(0, nsc_touch(SANDBOX "/t/sub/inner"));
	self->own_nr += 2;
	fd = nsc_open_tree(AT_FDCWD, SANDBOX "/t",
			   OPEN_TREE_NAMESPACE | OPEN_TREE_CLOEXEC);
	if (fd < 0 && errno == EINVAL)
		SKIP(return, "kernel lacks OPEN_TREE_NAMESPACE (EINVAL)");
	ASSERT_LE(0, fd) TH_LOG("open_tree(OPEN_TREE_NAMESPACE): %m");
	/* an nsfs fd of a new mount ns owned by our user ns */
	EXPECT_EQ(CLONE_NEWNS, ioctl(fd, NS_GET_NSTYPE));
	ASSERT_EQ(0, ns_id(fd, &id)) TH_LOG("%m");
	ASSERT_NE(self->own_id, id);
	EXPECT_EQ(nsc_ns_ino(0, "user"), owner_ino(fd));
	EXPECT_EQ(1, lm(id, ids, NSC_ARRAY_SIZE(ids))) TH_LOG("%m");
	ASSERT_CHILD_RUN(0, enter_tree_ns, &fd);
	/* with AT_RECURSIVE the submount is copied too */
	rfd = nsc_open_tree(AT_FDCWD, SANDBOX "/t", OPEN_TREE_NAMESPACE |
			    AT_RECURSIVE | OPEN_TREE_CLOEXEC);
	ASSERT_LE(0, rfd) TH_LOG("%m");
	ASSERT_EQ(0, ns_id(rfd, &id));
	EXPECT_EQ(2, lm(id, ids, NSC_ARRAY_SIZE(ids))) TH_LOG("%m");
	close(rfd);
	close(fd);
	ASSERT_OWN_NS_UNCHANGED(self);
	ASSERT_CHILD_RUN(CLONE_NEWUSER, open_tree_ns_child_userns, NULL);
	ASSERT_CHILD_RUN(0, open_tree_ns_no_cap, NULL);
}

/*
 * In the ns a child user ns made with OPEN_TREE_NAMESPACE | AT_RECURSIVE,
 * the copied mounts came from a more privileged ns and are locked: the
 * copied submount cannot be unmounted (EINVAL), one mounted on top of it
 * inside can, which shows the locked one again.
 */
static int open_tree_ns_locked(int sock, void *arg)
{
	int fd = nsc_open_tree(AT_FDCWD, SANDBOX "/t", OPEN_TREE_NAMESPACE |
			       AT_RECURSIVE | OPEN_TREE_CLOEXEC);

	CHILD_ASSERT(fd >= 0, "open_tree: %m");
	CHILD_ASSERT(!setns(fd, CLONE_NEWNS), "setns: %m");
	close(fd);
	CHILD_ASSERT(!access("/sub/inner", F_OK), "copied submount missing: %m");
	errno = 0;
	CHILD_ASSERT(umount2("/sub", MNT_DETACH) == -1 && errno == EINVAL,
		     "umount of the copied submount: errno %d", errno);
	CHILD_ASSERT(!mount("nsc-top", "/sub", "tmpfs", 0, NULL), "%m");
	CHILD_ASSERT(access("/sub/inner", F_OK) && errno == ENOENT, "not covered");
	CHILD_ASSERT(!umount2("/sub", 0), "umount of our own mount: %m");
	CHILD_ASSERT(!access("/sub/inner", F_OK), "locked mount gone: %m");
	return 0;
}

/* covers: MNT-50 */
TEST_F(newapi, mnt_50_open_tree_namespace_copy_locked_for_child_userns)
{
	int fd;

	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/t", "nsc-otns")) TH_LOG("%m");
	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/t/sub", "nsc-otns-sub")) TH_LOG("%m");
	ASSERT_EQ(0, nsc_touch(SANDBOX "/t/sub/inner"));
	fd = nsc_open_tree(AT_FDCWD, SANDBOX "/t", OPEN_TREE_NAMESPACE |
			   AT_RECURSIVE | OPEN_TREE_CLOEXEC);
	if (fd < 0 && errno == EINVAL)
		SKIP(return, "kernel lacks OPEN_TREE_NAMESPACE (EINVAL)");
	ASSERT_LE(0, fd) TH_LOG("%m");
	close(fd);
	ASSERT_CHILD_RUN(CLONE_NEWUSER, open_tree_ns_locked, NULL);
	/* ours is untouched */
	EXPECT_TRUE(mnt_present(0, SANDBOX "/t/sub"));
}

static int enter_fsmount_ns(int sock, void *arg)
{
	struct statfs st;

	CHILD_ASSERT(!setns(*(int *)arg, CLONE_NEWNS), "setns: %m");
	CHILD_ASSERT(!statfs("/", &st), "%m");
	CHILD_ASSERT(st.f_type == TMPFS_MAGIC, "root is fs %#lx",
		     (unsigned long)st.f_type);
	CHILD_ASSERT(!nsc_touch("/m"), "creating /m in the new root: %m");
	CHILD_ASSERT(access(SANDBOX, F_OK) && errno == ENOENT,
		     SANDBOX " is visible in the new ns");
	return 0;
}

/* covers: MNT-47 */
TEST_F(newapi, mnt_47_fsmount_namespace)
{
	__u64 id = 0, ids[8];
	union smbuf b;
	int fsfd, fd;

	fsfd = fsopen("tmpfs", FSOPEN_CLOEXEC);
	ASSERT_LE(0, fsfd) TH_LOG("fsopen: %m");
	ASSERT_EQ(0, fsconfig(fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0)) TH_LOG("%m");
	fd = fsmount(fsfd, FSMOUNT_NAMESPACE | FSMOUNT_CLOEXEC, 0);
	close(fsfd);
	if (fd < 0 && errno == EINVAL)
		SKIP(return, "kernel lacks FSMOUNT_NAMESPACE (EINVAL)");
	ASSERT_LE(0, fd) TH_LOG("fsmount(FSMOUNT_NAMESPACE): %m");
	EXPECT_EQ(CLONE_NEWNS, ioctl(fd, NS_GET_NSTYPE));
	ASSERT_EQ(0, ns_id(fd, &id)) TH_LOG("%m");
	ASSERT_NE(self->own_id, id);
	EXPECT_EQ(nsc_ns_ino(0, "user"), owner_ino(fd));
	ASSERT_EQ(1, lm(id, ids, NSC_ARRAY_SIZE(ids))) TH_LOG("%m");
	ASSERT_EQ(0, sm_id(id, ids[0], STATMOUNT_FS_TYPE, &b)) TH_LOG("%m");
	EXPECT_STREQ("tmpfs", b.sm.str + b.sm.fs_type);
	ASSERT_CHILD_RUN(0, enter_fsmount_ns, &fd);
	EXPECT_NE(0, access(SANDBOX "/m", F_OK));
	close(fd);
	ASSERT_OWN_NS_UNCHANGED(self);
}

/* ---- MOVE_MOUNT_SET_GROUP between namespaces ---- */

/* A private bind of the shared /src at /dst in a copy of our ns. */
static int private_dst(int sock, void *arg)
{
	CHILD_ASSERT(!mk_bind(SANDBOX "/src", SANDBOX "/dst", false), "%m");
	CHILD_ASSERT(!set_prop(SANDBOX "/dst", MS_PRIVATE), "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

/* arg: an O_PATH fd on our shared /src, opened before the user ns. */
static int set_group_unpriv(int sock, void *arg)
{
	int from = *(int *)arg;

	CHILD_ASSERT(!mk_bind(SANDBOX "/src", SANDBOX "/dst2", false), "%m");
	CHILD_ASSERT(!set_prop(SANDBOX "/dst2", MS_PRIVATE), "%m");
	errno = 0;
	CHILD_ASSERT(nsc_move_mount(from, "", AT_FDCWD, SANDBOX "/dst2",
				    MOVE_MOUNT_SET_GROUP | MOVE_MOUNT_F_EMPTY_PATH) == -1 &&
		     errno == EPERM, "set group from a mount we cannot admin: %d",
		     errno);
	return 0;
}

/* covers: MNT-49 */
TEST_F(newapi, mnt_49_move_mount_set_group_across_ns)
{
	char dst[64];
	int group, from, r;

	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/src", "nsc-setgroup")) TH_LOG("%m");
	ASSERT_EQ(0, set_prop(SANDBOX "/src", MS_SHARED)) TH_LOG("%m");
	group = mnt_tag_at(0, SANDBOX "/src", "shared");
	ASSERT_LT(0, group);
	ASSERT_CHILD_START(&self->child, CLONE_NEWNS, private_dst, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_NE(nsc_ns_ino(0, "mnt"), nsc_ns_ino(self->child.pid, "mnt"));
	ASSERT_EQ(0, mnt_tag_at(self->child.pid, SANDBOX "/dst", "shared"));
	snprintf(dst, sizeof(dst), "/proc/%d/root" SANDBOX "/dst", self->child.pid);
	/* the child's private /dst joins the peer group of our /src */
	r = nsc_move_mount(AT_FDCWD, SANDBOX "/src", AT_FDCWD, dst,
			   MOVE_MOUNT_SET_GROUP);
	if (r && errno == EINVAL && !nsc_kernel_at_least(5, 15))
		SKIP(return, "kernel lacks MOVE_MOUNT_SET_GROUP (EINVAL), 5.15+");
	ASSERT_EQ(0, r) TH_LOG("set group across namespaces: %m");
	EXPECT_EQ(group, mnt_tag_at(self->child.pid, SANDBOX "/dst", "shared"));
	/* now a peer: a mount under our /src shows up under its /dst */
	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/src/p", "nsc-setgroup-p")) TH_LOG("%m");
	EXPECT_TRUE(mnt_present(self->child.pid, SANDBOX "/dst/p"));
	/* a shared target refuses a second group */
	errno = 0;
	EXPECT_EQ(-1, nsc_move_mount(AT_FDCWD, SANDBOX "/src", AT_FDCWD, dst,
				     MOVE_MOUNT_SET_GROUP));
	EXPECT_EQ(EINVAL, errno) TH_LOG("%m");
	EXPECT_EQ(0, umount2(SANDBOX "/src/p", 0));
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
	/* needs CAP_SYS_ADMIN over the source's namespace as well (the
	 * child user ns cannot create the directory: no id is mapped) */
	ASSERT_EQ(0, mk_dir(SANDBOX "/dst2"));
	from = open(SANDBOX "/src", O_PATH | O_CLOEXEC);
	ASSERT_LE(0, from);
	ASSERT_CHILD_RUN(CLONE_NEWUSER | CLONE_NEWNS, set_group_unpriv, &from);
	close(from);
}

TEST_HARNESS_MAIN
