// SPDX-License-Identifier: GPL-2.0
/*
 * nsfs: the ioctls on namespace fds (type, owner, parent, owner uid, id),
 * the pidfd namespace ioctls, listns() and nsfs file handles.
 * Source: ioctl_ns(2), user_namespaces(7); newer-than-man-pages items are
 * probed on the running kernel.
 */
#include <sys/capability.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "nsc_harness.h"
#include "core_util.h"

NSC_RULES(core_32_ns_get_nstype_every_link, "CORE-32");
TEST(core_32_ns_get_nstype_every_link)
{
	for (int i = 0; i < NSC_NSLINK_COUNT; i++) {
		const char *link = nsc_nslinks[i];
		char base[16];
		const struct nsc_nstype *t;
		int fd, v;

		snprintf(base, sizeof(base), "%.*s", (int)strcspn(link, "_"), link);
		t = nsc_nstype_by_name(base);
		ASSERT_NE(NULL, t);
		if (nsc_nstype_missing(t))
			continue;	/* the kernel lacks the type: no link */
		fd = nsc_ns_open(0, link);
		ASSERT_LE(0, fd) TH_LOG("open %s: %m", link);
		v = ioctl(fd, NS_GET_NSTYPE);
		close(fd);
		EXPECT_EQ(t->flag, v) TH_LOG("NS_GET_NSTYPE(%s) = %#x: %m", link, v);
	}
}

NSC_RULES(core_33_nsfs_ioctls_on_other_files_enotty, "CORE-33");
TEST(core_33_nsfs_ioctls_on_other_files_enotty)
{
	static const unsigned long ioc[] = {
		NS_GET_USERNS, NS_GET_PARENT, NS_GET_NSTYPE, NS_GET_OWNER_UID,
		NS_GET_MNTNS_ID, NS_GET_PID_FROM_PIDNS, NS_GET_TGID_FROM_PIDNS,
		NS_GET_PID_IN_PIDNS, NS_GET_TGID_IN_PIDNS, NS_MNT_GET_INFO,
		NS_MNT_GET_NEXT, NS_MNT_GET_PREV, NS_GET_ID,
	};
	static const char *const files[] = { "/dev/null", "/proc/self/status" };

	for (size_t f = 0; f < NSC_ARRAY_SIZE(files); f++) {
		int fd = open(files[f], O_RDONLY | O_CLOEXEC);

		ASSERT_LE(0, fd) TH_LOG("%s: %m", files[f]);
		for (size_t i = 0; i < NSC_ARRAY_SIZE(ioc); i++) {
			char buf[64] = { 0 };

			errno = 0;
			EXPECT_EQ(-1, ioctl(fd, ioc[i], buf));
			EXPECT_EQ(ENOTTY, errno)
				TH_LOG("%s: ioctl %#lx: %m", files[f], ioc[i]);
		}
		close(fd);
	}
}

static int hold_child_userns(int sock, void *arg)
{
	CHILD_ASSERT(!unshare(CLONE_NEWUSER), "%m");
	return nsc_child_park(sock, arg);
}

NSC_RULES(core_34_ns_get_userns_owner_and_parent, "CORE-34");
NSC_REQUIRES(core_34_ns_get_userns_owner_and_parent, NSC_USERNS);
TEST(core_34_ns_get_userns_owner_and_parent)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct nsc_nsid old_user, user, got, parent;
	int uts, ufd, cu, pfd;

	ASSERT_EQ(0, nsc_ns_stat(0, "user", &old_user));
	ASSERT_EQ(0, nsc_unshare_userns_root(CLONE_NEWUTS)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_ns_stat(0, "user", &user));
	ASSERT_FALSE(nsc_nsid_eq(&user, &old_user));
	uts = nsc_ns_open(0, "uts");
	ASSERT_LE(0, uts);
	ufd = ioctl(uts, NS_GET_USERNS);
	ASSERT_LE(0, ufd) TH_LOG("NS_GET_USERNS(uts): %m");
	ASSERT_EQ(0, nsc_ns_fstat(ufd, &got));
	EXPECT_TRUE(nsc_nsid_eq(&got, &user)) TH_LOG("owner user:[%lu], mine user:[%lu]",
		(unsigned long)got.ino, (unsigned long)user.ino);
	close(ufd);
	close(uts);
	/* on a user ns: the parent, same as NS_GET_PARENT */
	ASSERT_CHILD_START(&c, 0, hold_child_userns, NULL);
	ASSERT_EQ('r', nsc_recv_byte(c.sock));
	cu = nsc_ns_open(c.pid, "user");
	ASSERT_LE(0, cu) TH_LOG("%m");
	ufd = ioctl(cu, NS_GET_USERNS);
	ASSERT_LE(0, ufd) TH_LOG("NS_GET_USERNS(user): %m");
	pfd = ioctl(cu, NS_GET_PARENT);
	ASSERT_LE(0, pfd) TH_LOG("NS_GET_PARENT(user): %m");
	ASSERT_EQ(0, nsc_ns_fstat(ufd, &got));
	ASSERT_EQ(0, nsc_ns_fstat(pfd, &parent));
	EXPECT_TRUE(nsc_nsid_eq(&got, &user));
	EXPECT_TRUE(nsc_nsid_eq(&parent, &user));
	close(ufd);
	close(pfd);
	close(cu);
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
}

static void expect_errno(struct __test_metadata *_metadata, int fd,
			 unsigned long req, int err, const char *what)
{
	int r;

	errno = 0;
	r = ioctl(fd, req);
	if (r >= 0)
		close(r);
	EXPECT_EQ(-1, r) TH_LOG("%s gave fd %d", what, r);
	EXPECT_EQ(err, errno) TH_LOG("%s: %m", what);
}

NSC_RULES(core_35_relations_outside_scope_eperm, "CORE-35");
TEST(core_35_relations_outside_scope_eperm)
{
	int user, pid, uts;

	/* the parent of our own user/pid ns is never in scope: it does not
	 * exist (initial ns) or lies above us */
	user = nsc_ns_open(0, "user");
	pid = nsc_ns_open(0, "pid");
	uts = nsc_ns_open(0, "uts");
	ASSERT_LE(0, user);
	ASSERT_LE(0, pid);
	ASSERT_LE(0, uts);
	expect_errno(_metadata, user, NS_GET_PARENT, EPERM, "NS_GET_PARENT(own user)");
	expect_errno(_metadata, pid, NS_GET_PARENT, EPERM, "NS_GET_PARENT(own pid)");
	NSC_REQUIRE(nsc_need_userns());
	ASSERT_EQ(0, nsc_unshare_userns_root(0)) TH_LOG("%m");
	/* uts is owned by the user ns we just left */
	expect_errno(_metadata, uts, NS_GET_USERNS, EPERM, "NS_GET_USERNS(host uts)");
	close(user);
	user = nsc_ns_open(0, "user");
	ASSERT_LE(0, user);
	expect_errno(_metadata, user, NS_GET_USERNS, EPERM, "NS_GET_USERNS(own user)");
	expect_errno(_metadata, user, NS_GET_PARENT, EPERM, "NS_GET_PARENT(own user)");
	close(user);
	close(pid);
	close(uts);
}

NSC_RULES(core_36_parent_of_flat_ns_einval, "CORE-36");
TEST(core_36_parent_of_flat_ns_einval)
{
	static const char *const flat[] = {
		"uts", "ipc", "net", "mnt", "cgroup", "time", "time_for_children",
	};

	for (size_t i = 0; i < NSC_ARRAY_SIZE(flat); i++) {
		int fd = nsc_ns_open(0, flat[i]);
		char what[64];

		ASSERT_LE(0, fd) TH_LOG("open %s: %m", flat[i]);
		snprintf(what, sizeof(what), "NS_GET_PARENT(%s)", flat[i]);
		expect_errno(_metadata, fd, NS_GET_PARENT, EINVAL, what);
		close(fd);
	}
}

static void expect_ro_cloexec(struct __test_metadata *_metadata, int fd,
			      const char *what)
{
	int fdfl = fcntl(fd, F_GETFD), fl = fcntl(fd, F_GETFL);

	ASSERT_LE(0, fdfl) TH_LOG("%s: %m", what);
	ASSERT_LE(0, fl) TH_LOG("%s: %m", what);
	EXPECT_TRUE(fdfl & FD_CLOEXEC) TH_LOG("%s lacks FD_CLOEXEC", what);
	EXPECT_EQ(O_RDONLY, fl & O_ACCMODE) TH_LOG("%s: access mode %#x", what,
						 fl & O_ACCMODE);
}

NSC_RULES(core_37_returned_fds_rdonly_cloexec, "CORE-37");
NSC_REQUIRES(core_37_returned_fds_rdonly_cloexec, NSC_USERNS);
TEST(core_37_returned_fds_rdonly_cloexec)
{
	struct nsc_child c = NSC_CHILD_INIT;
	int uts, cu, r;

	ASSERT_EQ(0, nsc_unshare_userns_root(CLONE_NEWUTS)) TH_LOG("%m");
	uts = nsc_ns_open(0, "uts");
	ASSERT_LE(0, uts);
	r = ioctl(uts, NS_GET_USERNS);
	ASSERT_LE(0, r) TH_LOG("NS_GET_USERNS: %m");
	expect_ro_cloexec(_metadata, r, "NS_GET_USERNS fd");
	close(r);
	ASSERT_CHILD_START(&c, 0, hold_child_userns, NULL);
	ASSERT_EQ('r', nsc_recv_byte(c.sock));
	cu = nsc_ns_open(c.pid, "user");
	ASSERT_LE(0, cu);
	r = ioctl(cu, NS_GET_PARENT);
	ASSERT_LE(0, r) TH_LOG("NS_GET_PARENT: %m");
	expect_ro_cloexec(_metadata, r, "NS_GET_PARENT fd");
	close(r);
	r = ioctl(c.pidfd, PIDFD_GET_UTS_NAMESPACE, 0);
	if (r < 0) {
		/* pidfd ns ioctls are 6.11+ */
		ASSERT_EQ(ENOTTY, errno) TH_LOG("PIDFD_GET_UTS_NAMESPACE: %m");
		TH_LOG("kernel lacks PIDFD_GET_*_NAMESPACE (ENOTTY): pidfd part not run");
	} else {
		expect_ro_cloexec(_metadata, r, "PIDFD_GET_UTS_NAMESPACE fd");
		close(r);
	}
	close(cu);
	close(uts);
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
}

FIXTURE(owner) {
	struct nsc_child child;
};

FIXTURE_VARIANT(owner) {
	enum nsc_priv priv;
};

/*
 * Real root only: the claim is that the owner is the creator's euid as the
 * viewer sees it, which shows only when creator and viewer are different
 * uids (1000 and 0). Root of a fresh user ns has one uid mapped, so there
 * the creator and every viewer are the same uid and a kernel answering
 * with the viewer's own euid would pass.
 */
FIXTURE_VARIANT_ADD(owner, root) { .priv = NSC_PRIV_ROOT };

FIXTURE_SETUP(owner)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
}

FIXTURE_TEARDOWN(owner)
{
	nsc_child_kill(&self->child);
}

struct owner_views {
	uid_t inside, descendant;
};

/* Becomes `creator`, makes user ns U (0 -> creator), reads U's owner from
 * inside, then from a nested user ns with no mapping. */
static int owner_child(int sock, void *arg)
{
	uid_t creator = *(uid_t *)arg;
	struct owner_views v;
	int ufd;

	if (creator != geteuid())
		CHILD_ASSERT(!nsc_drop_to(creator, creator), "%m");
	CHILD_ASSERT(!nsc_unshare_userns_root(0), "%m");
	ufd = nsc_ns_open(0, "user");
	CHILD_ASSERT(ufd >= 0, "%m");
	CHILD_ASSERT(!ioctl(ufd, NS_GET_OWNER_UID, &v.inside), "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	CHILD_ASSERT(nsc_recv_byte(sock) == 'n', "no go-ahead");
	/* a descendant user ns where nobody is mapped */
	CHILD_ASSERT(!unshare(CLONE_NEWUSER), "%m");
	CHILD_ASSERT(!ioctl(ufd, NS_GET_OWNER_UID, &v.descendant), "%m");
	CHILD_ASSERT(!nsc_send_buf(sock, &v, sizeof(v)), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

NSC_RULES(core_38_owner_uid_per_viewer, "CORE-38");
TEST_F(owner, core_38_owner_uid_per_viewer)
{
	/* the creator is uid 1000, we view as uid 0 */
	uid_t creator = 1000;
	struct owner_views v;
	uid_t seen = (uid_t)-1;
	int ufd, net;

	ASSERT_CHILD_START(&self->child, 0, owner_child, &creator);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ufd = nsc_ns_open(self->child.pid, "user");
	ASSERT_LE(0, ufd) TH_LOG("%m");
	{
		struct nsc_nsid mine, its;

		ASSERT_EQ(0, nsc_ns_stat(0, "user", &mine)) TH_LOG("%m");
		ASSERT_EQ(0, nsc_ns_fstat(ufd, &its)) TH_LOG("%m");
		ASSERT_FALSE(nsc_nsid_eq(&mine, &its)) TH_LOG("user ns not new");
	}
	ASSERT_NE(creator, geteuid());
	ASSERT_EQ(0, ioctl(ufd, NS_GET_OWNER_UID, &seen)) TH_LOG("%m");
	EXPECT_EQ(creator, seen);
	close(ufd);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'n'));
	ASSERT_EQ(sizeof(v), nsc_recv_buf(self->child.sock, &v, sizeof(v)));
	EXPECT_EQ(0, v.inside);
	EXPECT_EQ((uid_t)nsc_overflow_uid(), v.descendant);
	/* not a user ns */
	net = nsc_ns_open(0, "net");
	ASSERT_LE(0, net);
	errno = 0;
	EXPECT_EQ(-1, ioctl(net, NS_GET_OWNER_UID, &seen));
	EXPECT_EQ(EINVAL, errno) TH_LOG("NS_GET_OWNER_UID(net): %m");
	close(net);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

NSC_RULES(core_39_ns_get_id, "CORE-39");
TEST(core_39_ns_get_id)
{
	__u64 a = 0, b = 0, c = 0, mnt_id = 0, mnt_gid = 0;
	int fd1, fd2, net, mnt;

	fd1 = nsc_ns_open(0, "uts");
	fd2 = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	net = nsc_ns_open(0, "net");
	mnt = nsc_ns_open(0, "mnt");
	ASSERT_LE(0, fd1);
	ASSERT_LE(0, fd2);
	ASSERT_LE(0, net);
	ASSERT_LE(0, mnt);
	if (ioctl(fd1, NS_GET_ID, &a)) {
		ASSERT_EQ(ENOTTY, errno) TH_LOG("NS_GET_ID: %m");
		SKIP(return, "kernel lacks NS_GET_ID (ENOTTY)");
	}
	ASSERT_EQ(0, ioctl(fd2, NS_GET_ID, &b)) TH_LOG("%m");
	ASSERT_EQ(0, ioctl(net, NS_GET_ID, &c)) TH_LOG("%m");
	EXPECT_NE(0, a);
	EXPECT_EQ(a, b);
	EXPECT_NE(a, c) TH_LOG("uts and net share id %llu", (unsigned long long)a);
	ASSERT_EQ(0, ioctl(mnt, NS_GET_ID, &mnt_id)) TH_LOG("%m");
	ASSERT_EQ(0, ioctl(mnt, NS_GET_MNTNS_ID, &mnt_gid)) TH_LOG("%m");
	EXPECT_EQ(mnt_gid, mnt_id);
	/* a new namespace of the same type gets another id */
	if (!nsc_need_userns()) {
		int nfd;

		ASSERT_EQ(0, nsc_unshare_userns_root(CLONE_NEWUTS));
		nfd = nsc_ns_open(0, "uts");
		ASSERT_LE(0, nfd);
		ASSERT_EQ(0, ioctl(nfd, NS_GET_ID, &b)) TH_LOG("%m");
		EXPECT_NE(a, b);
		EXPECT_NE(0, b);
		close(nfd);
	}
	close(fd1);
	close(fd2);
	close(net);
	close(mnt);
}

static const struct {
	const char *link;
	unsigned long ioc;
} pidfd_ioc[] = {
	{ "cgroup", PIDFD_GET_CGROUP_NAMESPACE }, { "ipc", PIDFD_GET_IPC_NAMESPACE },
	{ "mnt", PIDFD_GET_MNT_NAMESPACE }, { "net", PIDFD_GET_NET_NAMESPACE },
	{ "pid", PIDFD_GET_PID_NAMESPACE },
	{ "pid_for_children", PIDFD_GET_PID_FOR_CHILDREN_NAMESPACE },
	{ "time", PIDFD_GET_TIME_NAMESPACE },
	{ "time_for_children", PIDFD_GET_TIME_FOR_CHILDREN_NAMESPACE },
	{ "user", PIDFD_GET_USER_NAMESPACE }, { "uts", PIDFD_GET_UTS_NAMESPACE },
};

NSC_RULES(core_40_pidfd_get_namespace_ioctls, "CORE-40");
TEST(core_40_pidfd_get_namespace_ioctls)
{
	struct nsc_child c = NSC_CHILD_INIT;
	uint64_t flags = NSC_ALL_NS_FLAGS;
	const char *why;
	int r;

	/*
	 * The child sits in a new namespace of every type this kernel has
	 * (within its limits), so a link that answered with the caller's
	 * namespace would not match. Without user namespaces real root makes
	 * the others (the user link then is ours, and is left out of that
	 * check).
	 */
	flags &= nsc_ns_flags_usable();
	why = nsc_need_userns();
	if (why) {
		NSC_REQUIRE(nsc_need_root() ? why : NULL);
		flags &= ~(uint64_t)CLONE_NEWUSER;
	}
	ASSERT_CHILD_START(&c, flags, nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(c.sock));
	/* mnt: a type every kernel has */
	r = ioctl(c.pidfd, PIDFD_GET_MNT_NAMESPACE, 0);
	if (r < 0 && errno == ENOTTY)
		SKIP(return, "kernel lacks PIDFD_GET_*_NAMESPACE (ENOTTY, 6.11)");
	ASSERT_LE(0, r) TH_LOG("PIDFD_GET_MNT_NAMESPACE: %m");
	close(r);
	for (size_t i = 0; i < NSC_ARRAY_SIZE(pidfd_ioc); i++) {
		struct nsc_nsid want, got, mine;
		const struct nsc_nstype *t;
		int fd = ioctl(c.pidfd, pidfd_ioc[i].ioc, 0);

		if (!nsc_nslink_present(pidfd_ioc[i].link)) {
			/* a type the kernel is built without */
			EXPECT_EQ(-1, fd);
			EXPECT_EQ(EOPNOTSUPP, errno)
				TH_LOG("PIDFD_GET %s of a type this kernel lacks: %m",
				       pidfd_ioc[i].link);
			if (fd >= 0)
				close(fd);
			continue;
		}

		ASSERT_LE(0, fd) TH_LOG("PIDFD_GET %s: %m", pidfd_ioc[i].link);
		ASSERT_EQ(0, nsc_ns_fstat(fd, &got));
		ASSERT_EQ(0, nsc_ns_stat(c.pid, pidfd_ioc[i].link, &want))
			TH_LOG("%s: %m", pidfd_ioc[i].link);
		ASSERT_EQ(0, nsc_ns_stat(0, pidfd_ioc[i].link, &mine))
			TH_LOG("our %s: %m", pidfd_ioc[i].link);
		/* a type the child got new (pid_for_children: pid's) */
		t = nsc_nstype_by_name(!strncmp(pidfd_ioc[i].link, "pid", 3) ? "pid" :
				       !strncmp(pidfd_ioc[i].link, "time", 4) ? "time" :
				       pidfd_ioc[i].link);
		if (t && (flags & (uint64_t)t->flag)) {
			ASSERT_FALSE(nsc_nsid_eq(&want, &mine))
				TH_LOG("the child's %s is ours", pidfd_ioc[i].link);
		}
		EXPECT_TRUE(nsc_nsid_eq(&want, &got))
			TH_LOG("%s: ioctl gives ino %lu, link %lu", pidfd_ioc[i].link,
			       (unsigned long)got.ino, (unsigned long)want.ino);
		close(fd);
	}
	errno = 0;
	r = ioctl(c.pidfd, PIDFD_GET_MNT_NAMESPACE, 1);
	if (r >= 0)
		close(r);
	EXPECT_EQ(-1, r);
	EXPECT_EQ(EINVAL, errno) TH_LOG("nonzero argument: %m");
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
}

struct core_ns_id_req {
	__u32 size;
	__u32 spare;
	__u64 ns_id;
	__u32 ns_type;
	__u32 spare2;
	__u64 user_ns_id;
};

NSC_RULES(core_41_listns_sees_fd_pinned_ns, "CORE-41");
TEST(core_41_listns_sees_fd_pinned_ns)
{
	struct core_ns_id_req req = { .size = sizeof(req) };
	struct nsc_child c = NSC_CHILD_INIT;
	__u64 ids[256], want = 0;
	bool found = false;
	long n;
	int fd;

	errno = 0;
	n = syscall(__NR_listns, &req, ids, NSC_ARRAY_SIZE(ids), 0);
	if (n < 0 && errno == ENOSYS)
		SKIP(return, "kernel lacks listns() (ENOSYS, 6.19)");
	ASSERT_LE(0, n) TH_LOG("listns: %m");
	NSC_REQUIRE(nsc_need_userns());
	/* a user ns whose only holder, once its process is gone, is our fd */
	ASSERT_CHILD_START(&c, 0, hold_child_userns, NULL);
	ASSERT_EQ('r', nsc_recv_byte(c.sock));
	fd = nsc_ns_open(c.pid, "user");
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
	ASSERT_EQ(0, ioctl(fd, NS_GET_ID, &want)) TH_LOG("NS_GET_ID: %m");
	req.ns_type = CLONE_NEWUSER;
	do {
		n = syscall(__NR_listns, &req, ids, NSC_ARRAY_SIZE(ids), 0);
		ASSERT_LE(0, n) TH_LOG("listns: %m");
		for (long i = 0; i < n; i++)
			found |= ids[i] == want;
		if (n)
			req.ns_id = ids[n - 1];
	} while (n == (long)NSC_ARRAY_SIZE(ids) && !found);
	EXPECT_TRUE(found) TH_LOG("user ns id %llu not listed", (unsigned long long)want);
	close(fd);
}

/*
 * nsfs file handles. /proc/PID/ns/X is a procfs symlink: without
 * AT_SYMLINK_FOLLOW name_to_handle_at() looks at the link itself and
 * procfs cannot export it (EOPNOTSUPP). Following it (or passing the ns
 * fd with AT_EMPTY_PATH) reaches nsfs, which encodes handles since 6.18;
 * open_by_handle_at() with an nsfs fd as mount_fd reopens the namespace.
 */
NSC_RULES(core_45_nsfs_file_handles, "CORE-45");
TEST(core_45_nsfs_file_handles)
{
	static const char *const links[] = { "mnt", "uts", "net", "user" };
	struct {
		struct file_handle h;
		unsigned char buf[MAX_HANDLE_SZ];
	} fh;
	int mnt_id, r;

	fh.h.handle_bytes = MAX_HANDLE_SZ;
	errno = 0;
	/* mnt: a link every kernel has */
	r = name_to_handle_at(AT_FDCWD, "/proc/self/ns/mnt", &fh.h, &mnt_id, 0);
	if (r) {
		EXPECT_EQ(EOPNOTSUPP, errno) TH_LOG("unfollowed link: %m");
	} else {
		TH_LOG("kernel encodes a handle for the unfollowed ns link");
	}
	for (size_t i = 0; i < NSC_ARRAY_SIZE(links); i++) {
		int fd, re;
		struct nsc_nsid a, b;

		if (!nsc_nslink_present(links[i]))
			continue;	/* a type this kernel lacks */
		fd = nsc_ns_open(0, links[i]);
		ASSERT_LE(0, fd) TH_LOG("%m");
		fh.h.handle_bytes = MAX_HANDLE_SZ;
		if (name_to_handle_at(fd, "", &fh.h, &mnt_id, AT_EMPTY_PATH)) {
			ASSERT_EQ(EOPNOTSUPP, errno) TH_LOG("%s: %m", links[i]);
			SKIP(return, "nsfs cannot encode file handles (EOPNOTSUPP, < 6.18)");
		}
		re = open_by_handle_at(fd, &fh.h, O_RDONLY | O_CLOEXEC);
		ASSERT_LE(0, re) TH_LOG("open_by_handle_at(%s): %m", links[i]);
		ASSERT_EQ(0, nsc_ns_fstat(fd, &a));
		ASSERT_EQ(0, nsc_ns_fstat(re, &b));
		EXPECT_TRUE(nsc_nsid_eq(&a, &b)) TH_LOG("%s reopened as another ns", links[i]);
		close(re);
		close(fd);
	}
}

TEST_HARNESS_MAIN
