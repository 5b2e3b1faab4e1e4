// SPDX-License-Identifier: GPL-2.0
/*
 * Sockets and network namespaces: a socket belongs to the netns it was
 * made in, names that netns (SIOCGSKNS), keeps it alive, and port and
 * abstract UNIX names are per netns while pathname UNIX sockets are not.
 * Source: network_namespaces(7), setns(2), namespaces(7), unix(7).
 */
#include <sys/mount.h>

#include "nsc_harness.h"
#include "net_util.h"

FIXTURE(sock) {
	int a, b;
	struct nsc_child child;
};

FIXTURE_VARIANT(sock) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(sock);

FIXTURE_SETUP(sock)
{
	self->a = self->b = -EBADF;
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
}

FIXTURE_TEARDOWN(sock)
{
	nsc_child_kill(&self->child);
	if (self->a >= 0)
		close(self->a);
	if (self->b >= 0)
		close(self->b);
}

/* A and B, each with lo up; the caller is left in A. */
#define NEW_A_AND_B() do { \
	ASSERT_NETNS_NEW(self->a); \
	ASSERT_EQ(0, nsc_if_set_up("lo", true)) TH_LOG("lo up in A: %m"); \
	ASSERT_NETNS_NEW(self->b); \
	ASSERT_EQ(0, nsc_if_set_up("lo", true)) TH_LOG("lo up in B: %m"); \
	ASSERT_NETNS_ENTER(self->a); \
} while (0)

static ino_t sock_netns_ino(int s)
{
	int fd = ioctl(s, SIOCGSKNS);
	ino_t ino;

	if (fd < 0)
		return 0;
	ino = fd_ino(fd);
	close(fd);
	return ino;
}

/* covers: NET-14 */
TEST_F(sock, net_14_listener_stays_in_its_netns_after_setns)
{
	int ls, s, port = 0;

	NEW_A_AND_B();
	ls = tcp_listen("127.0.0.1", &port);
	ASSERT_LE(0, ls) TH_LOG("listener in A: %m");
	ASSERT_NETNS_ENTER(self->b);
	/* B has no listener on that port: the one we hold is still A's */
	EXPECT_EQ(ECONNREFUSED, tcp_try_connect("127.0.0.1", port));
	s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, s) TH_LOG("%m");
	EXPECT_EQ(fd_ino(self->b), sock_netns_ino(s)) TH_LOG("new socket not in B");
	EXPECT_EQ(fd_ino(self->a), sock_netns_ino(ls)) TH_LOG("listener left A");
	close(s);
	ASSERT_NETNS_ENTER(self->a);
	EXPECT_EQ(0, tcp_reach(ls, "127.0.0.1", port));
	close(ls);
}

/* covers: NET-15 */
TEST_F(sock, net_15_siocgskns_returns_socket_netns)
{
	int s, nsfd;

	ASSERT_NETNS_NEW(self->a);
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, s) TH_LOG("%m");
	ASSERT_NETNS_NEW(self->b);
	nsfd = ioctl(s, SIOCGSKNS);
	if (nsfd < 0 && (errno == ENOTTY || errno == EINVAL))
		SKIP(return, "kernel lacks SIOCGSKNS (%m; 4.9+)");
	ASSERT_LE(0, nsfd) TH_LOG("SIOCGSKNS: %m");
	EXPECT_EQ(fd_ino(self->a), fd_ino(nsfd));
	EXPECT_NE(cur_netns_ino(), fd_ino(nsfd));
	ASSERT_EQ(0, setns(nsfd, CLONE_NEWNET)) TH_LOG("setns(SIOCGSKNS fd): %m");
	EXPECT_EQ(fd_ino(self->a), cur_netns_ino());
	close(nsfd);
	close(s);
}

/* Child in a new netns: lo up, a socket; reports the socket's fd number. */
static int socket_owner(int sock, void *arg)
{
	int s;

	CHILD_ASSERT(cur_netns_ino() != *(ino_t *)arg, "CLONE_NEWNET ignored");
	CHILD_ASSERT(!nsc_if_set_up("lo", true), "%m");
	s = socket(AF_INET, SOCK_DGRAM, 0);
	CHILD_ASSERT(s >= 0, "%m");
	CHILD_ASSERT(!nsc_send_buf(sock, &s, sizeof(s)), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

/* covers: NET-16 */
TEST_F(sock, net_16_socket_keeps_netns_alive)
{
	ino_t ino, parent = cur_netns_ino();
	int cfd, s, nsfd;
	short flags;

	ASSERT_CHILD_START(&self->child, CLONE_NEWNET, socket_owner, &parent);
	ASSERT_EQ(sizeof(cfd), nsc_recv_buf(self->child.sock, &cfd, sizeof(cfd)));
	ino = nsc_ns_ino(self->child.pid, "net");
	ASSERT_NE(0, ino);
	ASSERT_NE(cur_netns_ino(), ino);
	s = nsc_pidfd_getfd(self->child.pidfd, cfd, 0);
	if (s < 0 && errno == ENOSYS)
		SKIP(return, "kernel lacks pidfd_getfd (ENOSYS; 5.6+)");
	ASSERT_LE(0, s) TH_LOG("pidfd_getfd(%d): %m", cfd);
	/* the last process leaves the netns; only the socket holds it now */
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);

	nsfd = ioctl(s, SIOCGSKNS);
	ASSERT_LE(0, nsfd) TH_LOG("SIOCGSKNS after the owner exited: %m");
	EXPECT_EQ(ino, fd_ino(nsfd));
	ASSERT_EQ(0, setns(nsfd, CLONE_NEWNET)) TH_LOG("%m");
	EXPECT_EQ(ino, cur_netns_ino());
	/* the same live netns: lo is still up as the child left it */
	ASSERT_EQ(0, nsc_if_flags("lo", &flags)) TH_LOG("%m");
	EXPECT_TRUE(flags & IFF_UP);
	close(nsfd);
	close(s);
}

static int bind_any(int type, int port)
{
	struct sockaddr_in sa = sin4("0.0.0.0", port);
	int s = socket(AF_INET, type | SOCK_CLOEXEC, 0), e;

	if (s < 0)
		return -errno;
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa))) {
		e = errno;
		close(s);
		return -e;
	}
	return s;
}

/* covers: NET-17 */
TEST_F(sock, net_17_same_port_bound_in_two_netns)
{
	int t, u, port = 0, t2, u2;

	NEW_A_AND_B();
	t = tcp_listen("0.0.0.0", &port);
	ASSERT_LE(0, t) TH_LOG("TCP listener in A: %m");
	u = bind_any(SOCK_DGRAM, port);
	ASSERT_LE(0, u) TH_LOG("UDP bind in A: %s", strerror(-u));
	/* control: the port is taken in A */
	EXPECT_EQ(-EADDRINUSE, bind_any(SOCK_STREAM, port));
	EXPECT_EQ(-EADDRINUSE, bind_any(SOCK_DGRAM, port));

	ASSERT_NETNS_ENTER(self->b);
	t2 = bind_any(SOCK_STREAM, port);
	u2 = bind_any(SOCK_DGRAM, port);
	EXPECT_LE(0, t2) TH_LOG("TCP %d in B: %s", port, strerror(-t2));
	EXPECT_LE(0, u2) TH_LOG("UDP %d in B: %s", port, strerror(-u2));
	EXPECT_EQ(0, listen(t2, 1)) TH_LOG("listen in B: %m");
	close(t2);
	close(u2);
	close(t);
	close(u);
}

static socklen_t unix_addr(struct sockaddr_un *sa, const char *name,
			   bool abstract)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	snprintf(sa->sun_path + abstract, sizeof(sa->sun_path) - 1, "%s", name);
	return offsetof(struct sockaddr_un, sun_path) + abstract + strlen(name);
}

/* A listening UNIX socket at NAME: fd or -errno. */
static int unix_listen(const char *name, bool abstract)
{
	struct sockaddr_un sa;
	socklen_t len = unix_addr(&sa, name, abstract);
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), e;

	if (s < 0)
		return -errno;
	if (bind(s, (struct sockaddr *)&sa, len) || listen(s, 4)) {
		e = errno;
		close(s);
		return -e;
	}
	return s;
}

/* connect() to NAME: 0 or the errno. */
static int unix_connect(const char *name, bool abstract)
{
	struct sockaddr_un sa;
	socklen_t len = unix_addr(&sa, name, abstract);
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), e = 0;

	if (s < 0)
		return errno;
	if (connect(s, (struct sockaddr *)&sa, len))
		e = errno;
	close(s);
	return e;
}

/* covers: NET-18 */
TEST_F(sock, net_18_abstract_unix_names_are_per_netns)
{
	char name[64];
	int ls, ls2;

	nsc_uniq(name, sizeof(name), "nsc-net18-");
	ASSERT_NETNS_NEW(self->a);
	ls = unix_listen(name, true);
	ASSERT_LE(0, ls) TH_LOG("abstract @%s in A: %s", name, strerror(-ls));
	/* control: in A the name is there */
	EXPECT_EQ(0, unix_connect(name, true));
	EXPECT_EQ(-EADDRINUSE, unix_listen(name, true));

	ASSERT_NETNS_NEW(self->b);
	EXPECT_EQ(ECONNREFUSED, unix_connect(name, true));
	ls2 = unix_listen(name, true);
	EXPECT_LE(0, ls2) TH_LOG("abstract @%s in B: %s", name, strerror(-ls2));
	close(ls2);
	close(ls);
}

/* covers: NET-19 */
TEST_F(sock, net_19_pathname_unix_sockets_cross_netns)
{
	char path[108];
	int ls;

	/* the socket file lives on a tmpfs of a private mount ns */
	ASSERT_EQ(0, nsc_private_mntns()) TH_LOG("private mount ns: %m");
	ASSERT_EQ(0, mount("nsc-net19", "/tmp", "tmpfs", 0, "mode=0700"))
		TH_LOG("tmpfs on /tmp: %m");
	nsc_uniq(path, sizeof(path), "/tmp/nsc-net19-");
	ASSERT_NETNS_NEW(self->a);
	ls = unix_listen(path, false);
	ASSERT_LE(0, ls) TH_LOG("%s: %s", path, strerror(-ls));
	ASSERT_NETNS_NEW(self->b);
	EXPECT_EQ(0, unix_connect(path, false)) TH_LOG("connect from B");
	EXPECT_EQ(0, tcp_accept_one(ls)) TH_LOG("A's listener got nothing");
	close(ls);
}

TEST_HARNESS_MAIN
