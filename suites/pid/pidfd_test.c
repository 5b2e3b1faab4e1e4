// SPDX-License-Identifier: GPL-2.0
/*
 * pidfds across PID and user namespaces: PIDFD_GET_INFO (6.13; exit
 * information 6.15) and pidfs file handles (6.13). Every number the
 * kernel hands out is translated into the caller's namespaces: PIDs into
 * its active pid ns, ids into its user ns; a process outside the caller's
 * pid-ns hierarchy is not found (ESRCH, ESTALE for a handle).
 * Source: kernel selftests pidfd/pidfd_info_test.c and
 * pidfd/pidfd_file_handle_test.c, LTP ioctl_pidfd02-06 (newer than
 * man-pages 6.03).
 */
#include <sys/stat.h>

#include "nsc_harness.h"
#include "pid_util.h"

FIXTURE(pidfd) {
	struct nsc_child child;
	ino_t my_pidns, my_userns;
	int mine;	/* pidfd on ourselves */
};

FIXTURE_VARIANT(pidfd) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(pidfd);

FIXTURE_SETUP(pidfd)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	self->mine = -EBADF;
	NSC_ENTER_PRIV(variant->priv);
	NSC_REQUIRE(pid_need_get_info());
	self->my_pidns = nsc_ns_ino(0, "pid");
	self->my_userns = nsc_ns_ino(0, "user");
	ASSERT_NE((ino_t)0, self->my_pidns) TH_LOG("stat ns/pid: %m");
	ASSERT_NE((ino_t)0, self->my_userns) TH_LOG("stat ns/user: %m");
	self->mine = nsc_pidfd_open(getpid(), 0);
	ASSERT_LE(0, self->mine) TH_LOG("pidfd_open(self): %m");
}

FIXTURE_TEARDOWN(pidfd)
{
	if (self->mine >= 0)
		close(self->mine);
	nsc_child_kill(&self->child);
}

/* The parent sees the child in new user+pid namespaces: both differ from
 * ours, and the pid ns is owned by the child's user ns. */
#define ASSERT_CHILD_NEW_USER_PID(self) do { \
	ASSERT_OTHER_PIDNS((self)->child.pid, (self)->my_pidns); \
	ino_t __u = nsc_ns_ino((self)->child.pid, "user"); \
	ASSERT_NE((ino_t)0, __u) TH_LOG("stat ns/user of the child: %m"); \
	ASSERT_NE((self)->my_userns, __u) \
		TH_LOG("child was left in our user namespace"); \
} while (0)

/*
 * Inside new user+pid namespaces, no id map written: PIDFD_GET_INFO on
 * ourselves says PID 1, no parent (ours is outside), and the overflow uid
 * (our kuid has no mapping here). The parent's pidfd, passed over the
 * socket, names a process outside our pid-ns hierarchy: ESRCH.
 */
static int info_inside(int sock, void *arg)
{
	int over = nsc_overflow_uid(), self_fd, outer;
	struct pid_info0 info;

	CHILD_ASSERT(over > 0, "overflowuid: %m");
	outer = nsc_recv_fd(sock);
	CHILD_ASSERT(outer >= 0, "receiving the parent's pidfd: %m");
	self_fd = nsc_pidfd_open(getpid(), 0);
	CHILD_ASSERT(self_fd >= 0, "pidfd_open(%d): %m", getpid());
	CHILD_ASSERT(!pid_get_info(self_fd, PIDFD_INFO_PID | PIDFD_INFO_CREDS,
				   &info), "PIDFD_GET_INFO(self): %m");
	CHILD_ASSERT(info.mask & PIDFD_INFO_PID, "mask %#llx",
		     (unsigned long long)info.mask);
	CHILD_ASSERT(info.pid == 1 && info.tgid == 1, "pid %u tgid %u",
		     info.pid, info.tgid);
	CHILD_ASSERT(info.ppid == 0, "ppid %u: the parent is outside", info.ppid);
	CHILD_ASSERT(info.mask & PIDFD_INFO_CREDS, "mask %#llx",
		     (unsigned long long)info.mask);
	CHILD_ASSERT((int)info.ruid == over && (int)info.euid == over &&
		     (int)info.fsuid == over,
		     "ruid %u euid %u fsuid %u, unmapped should read %d",
		     info.ruid, info.euid, info.fsuid, over);
	/* ESRCH until ab89060fbc92 (7.0; stable 6.18.14, 6.19.10) made it
	 * EREMOTE */
	errno = 0;
	CHILD_ASSERT(pid_get_info(outer, PIDFD_INFO_PID, &info) == -1 &&
		     (errno == EREMOTE ||
		      (errno == ESRCH && !nsc_kernel_at_least(7, 0))),
		     "PIDFD_GET_INFO on an ancestor-ns process: errno %d", errno);
	close(outer);
	close(self_fd);
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

NSC_RULES(pid_33_get_info_translates_into_caller_ns, "PID-33", "PID-35");
TEST_F(pidfd, pid_33_get_info_translates_into_caller_ns)
{
	struct pid_info0 info;

	ASSERT_CHILD_START(&self->child, CLONE_NEWUSER | CLONE_NEWPID,
			   info_inside, NULL);
	ASSERT_CHILD_NEW_USER_PID(self);
	ASSERT_EQ(0, nsc_send_fd(self->child.sock, self->mine)) TH_LOG("%m");
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	/* from here the same process reads as our child, in our ids */
	ASSERT_EQ(0, pid_get_info(self->child.pidfd,
				  PIDFD_INFO_PID | PIDFD_INFO_CREDS, &info))
		TH_LOG("PIDFD_GET_INFO(child): %m");
	EXPECT_EQ((__u32)self->child.pid, info.pid);
	EXPECT_EQ((__u32)self->child.pid, info.tgid);
	EXPECT_EQ((__u32)getpid(), info.ppid);
	EXPECT_EQ((__u32)geteuid(), info.ruid);
	EXPECT_EQ((__u32)geteuid(), info.euid);
	EXPECT_EQ((__u32)getegid(), info.rgid);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

static int exit_seven(int sock, void *arg)
{
	return getpid() == 1 ? 7 : 1;
}

NSC_RULES(pid_34_exit_info_after_reap, "PID-34");
TEST_F(pidfd, pid_34_exit_info_after_reap)
{
	struct pid_info0 info;
	int r, fd;

	ASSERT_CHILD_START(&self->child, CLONE_NEWUSER | CLONE_NEWPID,
			   exit_seven, NULL);
	ASSERT_CHILD_NEW_USER_PID(self);
	fd = dup(self->child.pidfd);	/* the wait closes the child's */
	ASSERT_LE(0, fd) TH_LOG("%m");
	/* 7 says the child was PID 1 of its namespace */
	ASSERT_EQ(7, nsc_child_wait(&self->child));
	/* reaped: only exit information is left */
	errno = 0;
	EXPECT_EQ(-1, pid_get_info(fd, PIDFD_INFO_PID, &info));
	EXPECT_EQ(ESRCH, errno) TH_LOG("without PIDFD_INFO_EXIT: %m");
	r = pid_get_info(fd, PIDFD_INFO_EXIT, &info);
	close(fd);
	if (r && errno == ESRCH && !nsc_kernel_at_least(6, 15))
		SKIP(return, "kernel lacks PIDFD_INFO_EXIT (ESRCH after reap), 6.15+");
	ASSERT_EQ(0, r) TH_LOG("PIDFD_GET_INFO(EXIT) after reap: %m");
	ASSERT_TRUE(info.mask & PIDFD_INFO_EXIT)
		TH_LOG("mask %#llx", (unsigned long long)info.mask);
	EXPECT_TRUE(WIFEXITED(info.exit_code)) TH_LOG("status %#x", info.exit_code);
	EXPECT_EQ(7, WEXITSTATUS(info.exit_code));
	EXPECT_FALSE(info.mask & PIDFD_INFO_PID);
}

NSC_RULES(pid_35_get_info_null_buffer_einval, "PID-35");
TEST_F(pidfd, pid_35_get_info_null_buffer_einval)
{
	errno = 0;
	EXPECT_EQ(-1, ioctl(self->mine, PID_GET_INFO0, NULL));
	EXPECT_EQ(EINVAL, errno) TH_LOG("%m");
}

/* ---- pidfs file handles ---- */

struct pid_fh {
	struct file_handle fh;
	unsigned char raw[MAX_HANDLE_SZ];
};

/* The handle of a pidfd; 0, or -1 with errno. */
static int pidfd_handle(int pidfd, struct pid_fh *h)
{
	int mnt_id;

	memset(h, 0, sizeof(*h));
	h->fh.handle_bytes = MAX_HANDLE_SZ;
	return name_to_handle_at(pidfd, "", &h->fh, &mnt_id, AT_EMPTY_PATH);
}

static bool same_file(int a, int b)
{
	struct stat sa, sb;

	return !fstat(a, &sa) && !fstat(b, &sb) && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* arg: the parent's handle. Inside the child pid ns our own handle
 * decodes, the parent's (outside our hierarchy) does not. */
static int handles_inside(int sock, void *arg)
{
	struct pid_fh *outer = arg, own;
	int me, fd;

	CHILD_ASSERT(getpid() == 1, "PID %d", getpid());
	me = nsc_pidfd_open(1, 0);
	CHILD_ASSERT(me >= 0, "pidfd_open(1): %m");
	CHILD_ASSERT(!pidfd_handle(me, &own), "name_to_handle_at: %m");
	fd = open_by_handle_at(me, &own.fh, O_RDONLY | O_CLOEXEC);
	CHILD_ASSERT(fd >= 0, "decoding our own handle: %m");
	CHILD_ASSERT(same_file(fd, me), "own handle gave another pidfd");
	close(fd);
	errno = 0;
	fd = open_by_handle_at(me, &outer->fh, O_RDONLY | O_CLOEXEC);
	CHILD_ASSERT(fd == -1 && errno == ESTALE,
		     "decoding the parent's handle: fd %d errno %d", fd, errno);
	close(me);
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

NSC_RULES(pid_36_pidfs_handle_decodes_only_in_hierarchy, "PID-36");
TEST_F(pidfd, pid_36_pidfs_handle_decodes_only_in_hierarchy)
{
	static struct pid_fh mine, child;
	struct pid_info0 info;
	int fd;

	if (pidfd_handle(self->mine, &mine)) {
		if (errno == EOPNOTSUPP)
			SKIP(return, "kernel lacks pidfs file handles (EOPNOTSUPP), 6.13+");
		ASSERT_EQ(0, -1) TH_LOG("name_to_handle_at(pidfd): %m");
	}
	EXPECT_EQ(FILEID_KERNFS, mine.fh.handle_type);
	/* the child copies `mine` at clone time */
	ASSERT_CHILD_START(&self->child, CLONE_NEWPID, handles_inside, &mine);
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	/* the child's handle decodes here, to the same process */
	ASSERT_EQ(0, pidfd_handle(self->child.pidfd, &child)) TH_LOG("%m");
	fd = open_by_handle_at(self->mine, &child.fh, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd) TH_LOG("decoding a child-ns task's handle: %m");
	EXPECT_TRUE(same_file(fd, self->child.pidfd));
	ASSERT_EQ(0, pid_get_info(fd, PIDFD_INFO_PID, &info)) TH_LOG("%m");
	EXPECT_EQ((__u32)self->child.pid, info.pid);
	close(fd);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

TEST_HARNESS_MAIN
