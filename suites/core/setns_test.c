// SPDX-License-Identifier: GPL-2.0
/*
 * setns(): by ns fd and by pidfd, type checks, errors, user ns ordering,
 * atomic failure, fds passed over a UNIX socket.
 * Source: setns(2), pidfd_open(2), unix(7).
 */
#include <sys/capability.h>
#include <sys/wait.h>

#include "nsc_harness.h"
#include "core_util.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

/* For the type checks: the type of another link than t (never t). */
static int other_flag(const struct nsc_nstype *t)
{
	return t->flag == CLONE_NEWUTS ? CLONE_NEWNET : CLONE_NEWUTS;
}

FIXTURE(join) {
	struct nsc_child child;
	int fd;
};

FIXTURE_VARIANT(join) {
	enum nsc_priv priv;
	const struct nsc_nstype *type;
};

NSC_PRIV_NSTYPE_VARIANTS(join);

FIXTURE_SETUP(join)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	self->fd = -EBADF;
	NSC_REQUIRE(nsc_need_nstype(variant->type));
	NSC_ENTER_PRIV(variant->priv);
}

FIXTURE_TEARDOWN(join)
{
	if (self->fd >= 0)
		close(self->fd);
	nsc_child_kill(&self->child);
}

/* covers: CORE-24 */
TEST_F(join, core_24_setns_type_check)
{
	const struct nsc_nstype *t = variant->type;
	/* setns to a pid ns changes only pid_for_children; to a time ns it
	 * moves the caller at once (time and time_for_children) */
	const char *moved = t->flag == CLONE_NEWPID ? "pid_for_children" : t->name;
	unsigned int want = 1u << nsc_nslink_index(moved);
	struct nsc_ns_snap before, after;
	struct nsc_nsid target;
	char a[128];

	ASSERT_CHILD_START(&self->child, t->flag, nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	self->fd = nsc_ns_open(self->child.pid, t->name);
	ASSERT_LE(0, self->fd) TH_LOG("open /proc/%d/ns/%s: %m", self->child.pid, t->name);
	ASSERT_EQ(0, nsc_ns_fstat(self->fd, &target));
	ASSERT_EQ(0, nsc_ns_snapshot(0, &before)) TH_LOG("%m");
	ASSERT_NE(before.ino[nsc_nslink_index(moved)], target.ino);
	errno = 0;
	EXPECT_EQ(-1, setns(self->fd, other_flag(t)));
	EXPECT_EQ(EINVAL, errno) TH_LOG("setns(%s fd, wrong type): %m", t->name);
	ASSERT_EQ(0, nsc_ns_snapshot(0, &after)) TH_LOG("%m");
	EXPECT_EQ(0, nsc_ns_snap_diff(&before, &after));
	/* nstype 0 accepts whatever the fd is */
	ASSERT_EQ(0, setns(self->fd, 0)) TH_LOG("setns(%s fd, 0): %m", t->name);
	ASSERT_EQ(0, nsc_ns_snapshot(0, &after)) TH_LOG("%m");
	EXPECT_EQ(target.ino, after.ino[nsc_nslink_index(moved)]);
	if (t->flag == CLONE_NEWTIME)
		want |= 1u << nsc_nslink_index("time_for_children");
	EXPECT_EQ(want, nsc_ns_snap_diff(&before, &after))
		TH_LOG("changed: %s", nsc_ns_mask_str(nsc_ns_snap_diff(&before, &after),
						      a, sizeof(a)));
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/* covers: CORE-25 */
TEST(core_25_setns_on_non_ns_fd)
{
	struct nsc_ns_snap before, after;
	int fd, closed;

	ASSERT_EQ(0, nsc_ns_snapshot(0, &before));
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd) TH_LOG("/dev/null: %m");
	errno = 0;
	EXPECT_EQ(-1, setns(fd, 0));
	EXPECT_EQ(EINVAL, errno) TH_LOG("setns(/dev/null): %m");
	close(fd);
	fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd) TH_LOG("/proc/self/status: %m");
	errno = 0;
	EXPECT_EQ(-1, setns(fd, CLONE_NEWUTS));
	EXPECT_EQ(EINVAL, errno) TH_LOG("setns(regular file): %m");
	close(fd);
	errno = 0;
	EXPECT_EQ(-1, setns(-1, 0));
	EXPECT_EQ(EBADF, errno) TH_LOG("setns(-1): %m");
	closed = nsc_ns_open(0, "uts");
	ASSERT_LE(0, closed);
	close(closed);
	errno = 0;
	EXPECT_EQ(-1, setns(closed, 0));
	EXPECT_EQ(EBADF, errno) TH_LOG("setns(closed fd): %m");
	ASSERT_EQ(0, nsc_ns_snapshot(0, &after));
	EXPECT_EQ(0, nsc_ns_snap_diff(&before, &after));
}

/* covers: CORE-26 */
TEST(core_26_userns_root_cannot_join_host_ns)
{
	ino_t host_net, new_net;
	int fd;

	NSC_REQUIRE(nsc_need_userns());
	fd = nsc_ns_open(0, "net");
	ASSERT_LE(0, fd) TH_LOG("%m");
	host_net = nsc_ns_ino(0, "net");
	ASSERT_EQ(0, nsc_unshare_userns_root(CLONE_NEWNET)) TH_LOG("%m");
	ASSERT_TRUE(nsc_caps_full()) TH_LOG("no full capability set in the new user ns");
	new_net = nsc_ns_ino(0, "net");
	ASSERT_NE(host_net, new_net);
	errno = 0;
	EXPECT_EQ(-1, setns(fd, CLONE_NEWNET));
	EXPECT_EQ(EPERM, errno) TH_LOG("setns(host net): %m");
	EXPECT_EQ(new_net, nsc_ns_ino(0, "net"));
	close(fd);
}

FIXTURE(pidfd) {
	struct nsc_child child;
};

FIXTURE_VARIANT(pidfd) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(pidfd);

FIXTURE_SETUP(pidfd)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
}

FIXTURE_TEARDOWN(pidfd)
{
	nsc_child_kill(&self->child);
}

/* covers: CORE-27 */
TEST_F(pidfd, core_27_pidfd_mask_joins_exactly_those)
{
	struct nsc_ns_snap mine, child, after;
	unsigned int want;
	char a[128];

	ASSERT_EQ(0, nsc_ns_snapshot(0, &mine));
	ASSERT_CHILD_START(&self->child, CLONE_NEWUTS | CLONE_NEWNET | CLONE_NEWIPC,
			   nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_EQ(0, nsc_ns_snapshot(self->child.pid, &child));
	ASSERT_EQ(0, setns(self->child.pidfd, CLONE_NEWUTS | CLONE_NEWNET))
		TH_LOG("setns(pidfd, UTS|NET): %m");
	ASSERT_EQ(0, nsc_ns_snapshot(0, &after));
	EXPECT_EQ(child.ino[nsc_nslink_index("uts")], after.ino[nsc_nslink_index("uts")]);
	EXPECT_EQ(child.ino[nsc_nslink_index("net")], after.ino[nsc_nslink_index("net")]);
	EXPECT_NE(child.ino[nsc_nslink_index("ipc")], after.ino[nsc_nslink_index("ipc")]);
	want = (1u << nsc_nslink_index("uts")) | (1u << nsc_nslink_index("net"));
	EXPECT_EQ(want, nsc_ns_snap_diff(&mine, &after))
		TH_LOG("changed: %s", nsc_ns_mask_str(nsc_ns_snap_diff(&mine, &after),
						      a, sizeof(a)));
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/* covers: CORE-28 */
TEST(core_28_pidfd_bad_mask_einval)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct nsc_ns_snap before, after;

	ASSERT_CHILD_START(&c, 0, nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(c.sock));
	ASSERT_EQ(0, nsc_ns_snapshot(0, &before));
	errno = 0;
	EXPECT_EQ(-1, setns(c.pidfd, 0));
	EXPECT_EQ(EINVAL, errno) TH_LOG("setns(pidfd, 0): %m");
	errno = 0;
	EXPECT_EQ(-1, setns(c.pidfd, 0x1));
	EXPECT_EQ(EINVAL, errno) TH_LOG("setns(pidfd, 0x1): %m");
	errno = 0;
	EXPECT_EQ(-1, setns(c.pidfd, CLONE_NEWUTS | CLONE_VM));
	EXPECT_EQ(EINVAL, errno) TH_LOG("setns(pidfd, UTS|CLONE_VM): %m");
	ASSERT_EQ(0, nsc_ns_snapshot(0, &after));
	EXPECT_EQ(0, nsc_ns_snap_diff(&before, &after));
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
}

static int exit_now(int sock, void *arg)
{
	return 0;
}

/* covers: CORE-29 */
TEST(core_29_pidfd_of_zombie_esrch)
{
	struct nsc_child c = NSC_CHILD_INIT;
	siginfo_t info = { 0 };
	ino_t uts = nsc_ns_ino(0, "uts");

	ASSERT_CHILD_START(&c, 0, exit_now, NULL);
	/* wait for the exit but leave the zombie in place */
	ASSERT_EQ(0, waitid(P_PIDFD, c.pidfd, &info, WEXITED | WNOWAIT))
		TH_LOG("waitid(P_PIDFD, WNOWAIT): %m");
	ASSERT_EQ(c.pid, info.si_pid);
	errno = 0;
	EXPECT_EQ(-1, setns(c.pidfd, CLONE_NEWUTS));
	EXPECT_EQ(ESRCH, errno) TH_LOG("setns(zombie's pidfd): %m");
	/* and after the reap */
	ASSERT_EQ(0, waitid(P_PIDFD, c.pidfd, &info, WEXITED));
	errno = 0;
	EXPECT_EQ(-1, setns(c.pidfd, CLONE_NEWUTS));
	EXPECT_EQ(ESRCH, errno) TH_LOG("setns(reaped pidfd): %m");
	EXPECT_EQ(uts, nsc_ns_ino(0, "uts"));
	close(c.pidfd);
	close(c.sock);
}

static int userns_net_uts(int sock, void *arg)
{
	CHILD_ASSERT(!nsc_unshare_userns_root(CLONE_NEWNET | CLONE_NEWUTS), "%m");
	return nsc_child_park(sock, arg);
}

/* covers: CORE-30 */
TEST(core_30_pidfd_newuser_applied_first)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct nsc_ns_snap child, after;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_EQ(0, nsc_drop_to_nobody()) TH_LOG("%m");
	ASSERT_FALSE(nsc_cap_effective(CAP_SYS_ADMIN));
	ASSERT_CHILD_START(&c, 0, userns_net_uts, NULL);
	ASSERT_EQ('r', nsc_recv_byte(c.sock));
	ASSERT_EQ(0, nsc_ns_snapshot(c.pid, &child));
	ASSERT_EQ(0, setns(c.pidfd, CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWUTS))
		TH_LOG("unprivileged setns(pidfd, USER|NET|UTS): %m");
	ASSERT_EQ(0, nsc_ns_snapshot(0, &after));
	EXPECT_EQ(0, nsc_ns_snap_diff(&child, &after) &
		     ((1u << nsc_nslink_index("user")) | (1u << nsc_nslink_index("net")) |
		      (1u << nsc_nslink_index("uts"))));
	nsc_child_kill(&c);
}

/* covers: CORE-31 */
TEST(core_31_failed_pidfd_setns_changes_nothing)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct nsc_ns_snap before, after;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_EQ(0, nsc_unshare_userns_root(0)) TH_LOG("%m");
	/* the child's uts is ours to join; its net is the host's, which the
	 * root of a child user ns may not join */
	ASSERT_CHILD_START(&c, CLONE_NEWUTS, nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(c.sock));
	ASSERT_EQ(0, unshare(CLONE_NEWNET)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_ns_snapshot(0, &before));
	errno = 0;
	EXPECT_EQ(-1, setns(c.pidfd, CLONE_NEWUTS | CLONE_NEWNET));
	EXPECT_EQ(EPERM, errno) TH_LOG("setns(pidfd, UTS|NET): %m");
	ASSERT_EQ(0, nsc_ns_snapshot(0, &after));
	EXPECT_EQ(0, nsc_ns_snap_diff(&before, &after))
		TH_LOG("uts moved by a failed setns");
	/* control: the uts part alone was joinable */
	ASSERT_EQ(0, setns(c.pidfd, CLONE_NEWUTS)) TH_LOG("setns(pidfd, UTS): %m");
	EXPECT_EQ(nsc_ns_ino(c.pid, "uts"), nsc_ns_ino(0, "uts"));
	nsc_child_kill(&c);
}

struct named {
	char name[64];
	struct nsc_nsid uts;	/* the creator's, to tell the child's is new */
};

static int sethost_park(int sock, void *arg)
{
	const struct named *n = arg;

	CHILD_ASSERT_NEW_NS("uts", &n->uts);
	CHILD_ASSERT(!sethostname(n->name, strlen(n->name)), "%m");
	return nsc_child_park(sock, arg);
}

static int receive_and_join(int sock, void *arg)
{
	const char *name = arg;
	char host[128];
	int fd;

	fd = nsc_recv_fd(sock);
	CHILD_ASSERT(fd >= 0, "receiving the fd: %m");
	CHILD_ASSERT(!setns(fd, CLONE_NEWUTS), "setns(received fd): %m");
	CHILD_ASSERT(!gethostname(host, sizeof(host)), "%m");
	CHILD_ASSERT(!strcmp(host, name), "joined uts reads '%s'", host);
	return 0;
}

/* covers: CORE-43 */
TEST_F(pidfd, core_43_ns_fd_passed_over_unix_socket)
{
	struct nsc_child rx = NSC_CHILD_INIT;
	struct named n;
	char host[128];
	int fd;

	nsc_uniq(n.name, sizeof(n.name), "nsc-scm-");
	ASSERT_EQ(0, nsc_ns_stat(0, "uts", &n.uts)) TH_LOG("%m");
	ASSERT_EQ(0, gethostname(host, sizeof(host)));
	/* the receiver exists before the fd does: it can only get it by SCM_RIGHTS */
	ASSERT_CHILD_START(&rx, 0, receive_and_join, n.name);
	ASSERT_CHILD_START(&self->child, CLONE_NEWUTS, sethost_park, &n);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	fd = nsc_ns_open(self->child.pid, "uts");
	ASSERT_LE(0, fd) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_fd(rx.sock, fd)) TH_LOG("SCM_RIGHTS: %m");
	close(fd);
	ASSERT_CHILD_OK(&rx);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
	ASSERT_EQ(0, gethostname(n.name, sizeof(n.name)));
	EXPECT_STREQ(host, n.name);
}

TEST_HARNESS_MAIN
