// SPDX-License-Identifier: GPL-2.0
/*
 * SIOCGSKNS (4.9) and the active references of 6.19: a socket keeps its
 * network namespace alive but not active; SIOCGSKNS hands out an nsfs fd,
 * which makes it (and its owner user namespaces) active again.
 * Source: tools/testing/selftests/namespaces/siocgskns_test.c;
 * net/socket.c (sock_ioctl), kernel/nscommon.c.
 */
#include <sys/socket.h>

#include "nsc_harness.h"
#include "nstree_util.h"

/* covers: CORE-60 */
TEST(core_60_siocgskns_on_non_socket_enotty)
{
	const char *what[] = { "/dev/null", "pipe", "nsfs fd", "memfd", "/proc/self/status" };
	int fds[NSC_ARRAY_SIZE(what)], p[2];

	fds[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	fds[1] = p[0];
	fds[2] = nsc_ns_open(0, "net");
	fds[3] = memfd_create("nsc-skns", MFD_CLOEXEC);
	fds[4] = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	for (size_t i = 0; i < NSC_ARRAY_SIZE(what); i++) {
		int r;

		ASSERT_LE(0, fds[i]) TH_LOG("%s: %m", what[i]);
		errno = 0;
		r = ioctl(fds[i], SIOCGSKNS);
		if (r >= 0)
			close(r);
		EXPECT_EQ(-1, r) TH_LOG("%s gave a netns fd", what[i]);
		EXPECT_EQ(ENOTTY, errno) TH_LOG("SIOCGSKNS on %s: %m", what[i]);
	}
	for (size_t i = 0; i < NSC_ARRAY_SIZE(what); i++)
		close(fds[i]);
	close(p[1]);
}

FIXTURE(skns) {
	struct nsc_child child;
	int sk;
};

FIXTURE_SETUP(skns)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	self->sk = -EBADF;
	NSC_REQUIRE(nstree_need_listns());
	/* to watch a namespace we are not in (no user-ns flavour) */
	NSC_REQUIRE(nstree_need_see_all());
}

FIXTURE_TEARDOWN(skns)
{
	if (self->sk >= 0)
		close(self->sk);
	nsc_child_kill(&self->child);
}

/* In new user + net namespaces: hand a UDP socket to the parent. */
static int send_socket_park(int sock, void *arg)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	CHILD_ASSERT(s >= 0, "socket: %m");
	CHILD_ASSERT(!nsc_send_fd(sock, s), "send_fd: %m");
	close(s);
	return nsc_child_park(sock, arg);
}

struct nsinfo {
	__u64 id, owner;
	struct nsc_nsid nsid;
	struct nstree_fh fh;
};

static int info_of(int fd, struct nsinfo *n)
{
	int o;

	if (nstree_id(fd, &n->id) || nsc_ns_fstat(fd, &n->nsid) ||
	    nstree_handle(fd, &n->fh))
		return -1;
	o = ioctl(fd, NS_GET_USERNS);
	if (o < 0)
		return -1;
	if (nstree_id(o, &n->owner)) {
		close(o);
		return -1;
	}
	close(o);
	return 0;
}

/* 1 active, 0 inactive (listns and the handle decode agree), -1 when
 * they disagree or fail. */
static int active(__u32 type, struct nsinfo *n)
{
	int l = nstree_listed(type, 0, n->id), err, a;

	a = nstree_active(&n->fh, &n->nsid, &err);
	if (a == 0 && err != ESTALE)
		return -1;
	return a == l ? l : -1;
}

/* covers: CORE-61 */
TEST_F(skns, core_61_socket_only_netns_inactive_siocgskns_revives_it)
{
	struct nsinfo net, user;
	struct nsc_nsid mine, got;
	int fd, nfd;

	ASSERT_CHILD_START(&self->child, CLONE_NEWUSER | CLONE_NEWNET, send_socket_park, NULL);
	self->sk = nsc_recv_fd(self->child.sock);
	ASSERT_LE(0, self->sk) TH_LOG("recv_fd: %m");
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	fd = nsc_ns_open(self->child.pid, "net");
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, info_of(fd, &net)) TH_LOG("%m");
	close(fd);
	fd = nsc_ns_open(self->child.pid, "user");
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, info_of(fd, &user)) TH_LOG("%m");
	close(fd);
	ASSERT_EQ(0, nsc_ns_stat(0, "net", &mine));
	ASSERT_FALSE(nsc_nsid_eq(&mine, &net.nsid)) TH_LOG("netns not new");
	ASSERT_EQ(net.owner, user.id) TH_LOG("netns not owned by the child's user ns");
	ASSERT_EQ(1, active(CLONE_NEWNET, &net));
	ASSERT_EQ(1, active(CLONE_NEWUSER, &user));

	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
	/* only the socket holds the netns now: alive, but not active */
	EXPECT_EQ(0, active(CLONE_NEWNET, &net)) TH_LOG("socket-held netns");
	EXPECT_EQ(0, active(CLONE_NEWUSER, &user)) TH_LOG("its owner");

	nfd = ioctl(self->sk, SIOCGSKNS);
	ASSERT_LE(0, nfd) TH_LOG("SIOCGSKNS: %m");
	ASSERT_EQ(0, nsc_ns_fstat(nfd, &got));
	ASSERT_TRUE(nsc_nsid_eq(&got, &net.nsid)) TH_LOG("SIOCGSKNS gave another netns");
	EXPECT_EQ(1, active(CLONE_NEWNET, &net)) TH_LOG("after SIOCGSKNS");
	EXPECT_EQ(1, active(CLONE_NEWUSER, &user)) TH_LOG("owner after SIOCGSKNS");
	close(nfd);
	EXPECT_EQ(0, active(CLONE_NEWNET, &net)) TH_LOG("that fd closed");
	EXPECT_EQ(0, active(CLONE_NEWUSER, &user)) TH_LOG("owner, that fd closed");
}

TEST_HARNESS_MAIN
