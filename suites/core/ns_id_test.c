// SPDX-License-Identifier: GPL-2.0
/*
 * Namespace ids (NS_GET_ID, 6.18) for every type, the netns cookie, and
 * what nsfs and pidfs answer outside their own ioctls.
 * Source: tools/testing/selftests/namespaces/nsid_test.c,
 * net/so_netns_cookie.c, filesystems/nsfs/iterate_mntns.c,
 * pidfd/pidfd_setns_test.c; fs/nsfs.c, fs/pidfs.c.
 */
#include <sys/socket.h>

#include "nsc_harness.h"
#include "nstree_util.h"

static int cookie_of(int s, __u64 *c)
{
	socklen_t l = sizeof(*c);

	*c = 0;
	return getsockopt(s, SOL_SOCKET, SO_NETNS_COOKIE, c, &l);
}

static int netns_id(__u64 *id)
{
	int fd = nsc_ns_open(0, "net"), r;

	if (fd < 0)
		return -1;
	r = nstree_id(fd, id);
	close(fd);
	return r;
}

FIXTURE(cookie) {
	int s0, s1;
};

FIXTURE_VARIANT(cookie) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(cookie);

FIXTURE_SETUP(cookie)
{
	self->s0 = self->s1 = -EBADF;
	NSC_REQUIRE(nstree_need_ns_id());
	NSC_ENTER_PRIV(variant->priv);
}

FIXTURE_TEARDOWN(cookie)
{
	if (self->s0 >= 0)
		close(self->s0);
	if (self->s1 >= 0)
		close(self->s1);
}

/* covers: CORE-69 */
TEST_F(cookie, core_69_netns_id_is_so_netns_cookie)
{
	__u64 id0, id1, c;

	ASSERT_EQ(0, netns_id(&id0)) TH_LOG("NS_GET_ID: %m");
	self->s0 = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, self->s0);
	if (cookie_of(self->s0, &c) && errno == ENOPROTOOPT)
		SKIP(return, "kernel lacks SO_NETNS_COOKIE (ENOPROTOOPT, before 5.14)");
	EXPECT_EQ(id0, c) TH_LOG("first netns: cookie %llu, id %llu",
				 (unsigned long long)c, (unsigned long long)id0);
	ASSERT_EQ(0, nsc_unshare_checked(CLONE_NEWNET)) TH_LOG("%m");
	ASSERT_EQ(0, netns_id(&id1));
	ASSERT_NE(id0, id1);
	self->s1 = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, self->s1);
	ASSERT_EQ(0, cookie_of(self->s1, &c)) TH_LOG("%m");
	EXPECT_EQ(id1, c) TH_LOG("new netns");
	/* stable: the old socket still names the netns it was made in */
	ASSERT_EQ(0, cookie_of(self->s0, &c));
	EXPECT_EQ(id0, c);
	ASSERT_EQ(0, cookie_of(self->s0, &c));
	EXPECT_EQ(id0, c);
}

FIXTURE(nsid) {
	struct nsc_child child;
};

FIXTURE_VARIANT(nsid) {
	enum nsc_priv priv;
	const struct nsc_nstype *type;
};

NSC_PRIV_NSTYPE_VARIANTS(nsid);

FIXTURE_SETUP(nsid)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_REQUIRE(nsc_need_nstype(variant->type));
	NSC_REQUIRE(nstree_need_ns_id());
	NSC_ENTER_PRIV(variant->priv);
}

FIXTURE_TEARDOWN(nsid)
{
	nsc_child_kill(&self->child);
}

/*
 * Every fd on a namespace gives the same id (the /proc link, the pidfd
 * ioctl, NS_GET_USERNS/NS_GET_PARENT of a namespace it owns); a new
 * namespace of any type has a new id; ids are unique across types.
 */
/* covers: CORE-70 */
TEST_F(nsid, core_70_ns_get_id_every_type)
{
	const struct nsc_nstype *t = variant->type;
	struct nsc_nsid a, b;
	__u64 mine, theirs, other, all[NSC_NSLINK_COUNT];
	int fd;

	ASSERT_CHILD_START(&self->child, t->flag, nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_EQ(0, nstree_grab(0, t->name, &mine, NULL, &a)) TH_LOG("%m");
	ASSERT_EQ(0, nstree_grab(self->child.pid, t->name, &theirs, NULL, &b)) TH_LOG("%m");
	ASSERT_FALSE(nsc_nsid_eq(&a, &b)) TH_LOG("%s ns not new", t->name);
	EXPECT_NE(mine, theirs) TH_LOG("new %s ns kept the id %llu", t->name,
				       (unsigned long long)mine);
	/* the same id through the pidfd */
	fd = ioctl(self->child.pidfd, t->pidfd_ioctl, 0);
	if (fd < 0 && errno == ENOTTY) {
		TH_LOG("kernel lacks PIDFD_GET_*_NAMESPACE (ENOTTY, before 6.11)");
	} else {
		ASSERT_LE(0, fd) TH_LOG("PIDFD_GET %s: %m", t->name);
		ASSERT_EQ(0, nstree_id(fd, &other));
		EXPECT_EQ(theirs, other);
		close(fd);
	}
	/* a user ns: NS_GET_PARENT of the child's gives our id */
	if (t->flag == CLONE_NEWUSER) {
		int ufd = nsc_ns_open(self->child.pid, "user");

		ASSERT_LE(0, ufd);
		fd = ioctl(ufd, NS_GET_PARENT);
		close(ufd);
		ASSERT_LE(0, fd) TH_LOG("NS_GET_PARENT: %m");
		ASSERT_EQ(0, nstree_id(fd, &other));
		EXPECT_EQ(mine, other) TH_LOG("parent of the child's user ns");
		close(fd);
	}
	/* unique across types: two of the child's ten links give the same
	 * id exactly when they are the same namespace (pid and
	 * pid_for_children, time and time_for_children) */
	{
		struct nsc_nsid ns[NSC_NSLINK_COUNT];
		bool have[NSC_NSLINK_COUNT];

		for (int i = 0; i < NSC_NSLINK_COUNT; i++) {
			have[i] = !nstree_grab(self->child.pid, nsc_nslinks[i], &all[i],
					       NULL, &ns[i]);
			if (!have[i]) {
				ASSERT_EQ(ENOENT, errno) TH_LOG("%s: %m", nsc_nslinks[i]);
			}
		}
		for (int i = 0; i < NSC_NSLINK_COUNT; i++)
			for (int j = i + 1; j < NSC_NSLINK_COUNT; j++) {
				if (!have[i] || !have[j])
					continue;
				EXPECT_EQ(nsc_nsid_eq(&ns[i], &ns[j]), all[i] == all[j])
					TH_LOG("%s id %llu, %s id %llu", nsc_nslinks[i],
					       (unsigned long long)all[i], nsc_nslinks[j],
					       (unsigned long long)all[j]);
			}
	}
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

static int mnt_next_as(int sock, void *arg)
{
	struct nsc_mnt_ns_info info = { .size = sizeof(info) };
	int fd = nsc_ns_open(0, "mnt"), r;

	CHILD_ASSERT(fd >= 0, "%m");
	if (arg)
		CHILD_ASSERT(!nsc_drop_to_nobody(), "%m");
	errno = 0;
	r = ioctl(fd, NS_MNT_GET_NEXT, &info);
	CHILD_ASSERT(r == -1 && errno == EPERM, "NS_MNT_GET_NEXT: %d %m, want EPERM", r);
	errno = 0;
	r = ioctl(fd, NS_MNT_GET_PREV, &info);
	CHILD_ASSERT(r == -1 && errno == EPERM, "NS_MNT_GET_PREV: %d %m, want EPERM", r);
	close(fd);
	return 0;
}

/*
 * Walking the mount namespaces (NS_MNT_GET_NEXT/PREV, 6.12) is reserved
 * for a caller that may see all namespaces (may_see_all_namespaces(),
 * the visibility fixes of 7.0, backported to 6.12+ stable: 6.18.44 has it).
 */
/* covers: CORE-48 */
TEST(core_48_mnt_ns_iteration_needs_see_all)
{
	struct nsc_mnt_ns_info info = { .size = sizeof(info) };
	int fd = nsc_ns_open(0, "mnt"), r;

	ASSERT_LE(0, fd);
	errno = 0;
	r = ioctl(fd, NS_MNT_GET_INFO, &info);
	close(fd);
	if (r < 0 && errno == ENOTTY)
		SKIP(return, "kernel lacks NS_MNT_GET_INFO (ENOTTY, before 6.12)");
	ASSERT_EQ(0, r) TH_LOG("NS_MNT_GET_INFO: %m");
	if (!nstree_need_see_all()) {
		/* the all-seeing caller may walk: an fd, or ENOENT at an end */
		fd = nsc_ns_open(0, "mnt");
		ASSERT_LE(0, fd);
		errno = 0;
		r = ioctl(fd, NS_MNT_GET_NEXT, &info);
		if (r >= 0)
			close(r);
		EXPECT_TRUE(r >= 0 || errno == ENOENT) TH_LOG("NS_MNT_GET_NEXT as root: %m");
		close(fd);
		/* uid 65534 may not */
		ASSERT_CHILD_RUN(0, mnt_next_as, (void *)1);
	}
	/* nor root of a child user ns */
	if (!nsc_need_userns())
		ASSERT_CHILD_RUN(CLONE_NEWUSER, mnt_next_as, NULL);
}

/* covers: CORE-71 */
TEST(core_71_foreign_ioctl_on_ns_fd_enotty)
{
	static const struct {
		const char *name;
		unsigned long cmd;
	} ioc[] = {
		{ "TCGETS", 0x5401 }, { "FS_IOC_GETFLAGS", 0x80086601 },
		{ "SIOCGSKNS", SIOCGSKNS },
		{ "PIDFD_GET_UTS_NAMESPACE", PIDFD_GET_UTS_NAMESPACE },
		{ "nsfs nr 0x7f", _IO(NSC_NSIO, 0x7f) },
	};
	static const char *const links[] = { "mnt", "uts", "net", "user" };

	for (size_t l = 0; l < NSC_ARRAY_SIZE(links); l++) {
		int fd;

		/* a type this kernel lacks has no fd to ask (mnt always has) */
		if (!nsc_nslink_present(links[l])) {
			TH_LOG("no %s ns in this kernel: not asked", links[l]);
			continue;
		}
		fd = nsc_ns_open(0, links[l]);
		ASSERT_LE(0, fd) TH_LOG("%s: %m", links[l]);
		for (size_t i = 0; i < NSC_ARRAY_SIZE(ioc); i++) {
			char buf[64] = { 0 };
			int r;

			errno = 0;
			r = ioctl(fd, ioc[i].cmd, buf);
			if (r > 2)
				close(r);
			EXPECT_EQ(-1, r);
			EXPECT_EQ(ENOTTY, errno)
				TH_LOG("%s on a %s ns fd: %m", ioc[i].name, links[l]);
		}
		close(fd);
	}
}

/*
 * A pidfd namespace ioctl for a type this kernel was built without
 * (no /proc/self/ns/X) fails EOPNOTSUPP, not ENOTTY.
 */
/* covers: CORE-72 */
TEST(core_72_pidfd_get_ns_of_missing_type_eopnotsupp)
{
	int pidfd, tried = 0, r;

	pidfd = nsc_pidfd_open(getpid(), 0);
	ASSERT_LE(0, pidfd) TH_LOG("pidfd_open: %m");
	r = ioctl(pidfd, PIDFD_GET_USER_NAMESPACE, 0);
	if (r < 0 && errno == ENOTTY)
		SKIP(close(pidfd); return, "kernel lacks PIDFD_GET_*_NAMESPACE (ENOTTY, before 6.11)");
	ASSERT_LE(0, r) TH_LOG("PIDFD_GET_USER_NAMESPACE: %m");
	close(r);
	for (int i = 0; i < NSC_NS_COUNT; i++) {
		const struct nsc_nstype *t = &nsc_nstypes[i];

		errno = 0;
		r = ioctl(pidfd, t->pidfd_ioctl, 0);
		if (r >= 0)
			close(r);
		/* missing from the kernel (nsc_need_nstype also names a
		 * limit at 0, which leaves the ioctl working) */
		if (!nsc_nstype_missing(t)) {
			EXPECT_LE(0, r) TH_LOG("%s built in: %m", t->name);
			continue;
		}
		tried++;
		EXPECT_EQ(-1, r);
		EXPECT_EQ(EOPNOTSUPP, errno) TH_LOG("%s (%s off): %m", t->name, t->config);
	}
	close(pidfd);
	if (!tried)
		SKIP(return, "every namespace type is built into this kernel");
}

TEST_HARNESS_MAIN
