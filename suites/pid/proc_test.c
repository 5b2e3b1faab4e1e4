// SPDX-License-Identifier: GPL-2.0
/*
 * PID namespaces seen through procfs and pidfds: which PIDs a process can
 * address, NSpid/NStgid/NSpgid/NSsid, a procfs mounted inside the ns,
 * pidfd fdinfo.
 * Source: pid_namespaces(7) (/proc and PID namespaces, Nesting PID
 * namespaces), proc(5) (/proc/pid/status), pidfd_open(2),
 * user_namespaces(7).
 */
#include <sys/mount.h>

#include "nsc_harness.h"
#include "pid_util.h"

#define MAXLV 40

FIXTURE(procv) {
	struct nsc_child child;
	ino_t my_pidns;
	int level;	/* our depth below the pid ns of /proc */
};

FIXTURE_VARIANT(procv) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(procv);

FIXTURE_SETUP(procv)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
	self->my_pidns = nsc_ns_ino(0, "pid");
	ASSERT_NE((ino_t)0, self->my_pidns) TH_LOG("stat /proc/self/ns/pid: %m");
	self->level = pid_proc_level();
	ASSERT_LE(0, self->level) TH_LOG("no NSpid in /proc/self/status: %m");
}

FIXTURE_TEARDOWN(procv)
{
	nsc_child_kill(&self->child);
}

static int park_until_x(int sock, void *arg)
{
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

struct who {
	pid_t parent;
	pid_t sibling;
};

static int cannot_address(pid_t pid, const char *what)
{
	int fd;

	errno = 0;
	CHILD_ASSERT(kill(pid, 0) == -1 && errno == ESRCH,
		     "kill(%s %d, 0): errno %d", what, pid, errno);
	errno = 0;
	fd = nsc_pidfd_open(pid, 0);
	CHILD_ASSERT(fd == -1 && errno == ESRCH,
		     "pidfd_open(%s %d): %d, errno %d", what, pid, fd, errno);
	return 0;
}

static int look_outward(int sock, void *arg)
{
	const struct who *w = arg;

	/* we are the only process here, so every number but 1 is unused */
	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	CHILD_ASSERT(w->parent != 1 && w->sibling != 1, "outer PID 1?");
	if (cannot_address(w->parent, "parent"))
		return 1;
	return cannot_address(w->sibling, "sibling-ns init");
}

NSC_RULES(pid_15_outer_and_sibling_pids_not_addressable, "PID-15");
TEST_F(procv, pid_15_outer_and_sibling_pids_not_addressable)
{
	struct nsc_child sib = NSC_CHILD_INIT;
	struct who w = { getpid(), -1 };
	int fd;

	ASSERT_CHILD_START(&sib, CLONE_NEWPID, park_until_x, NULL);
	w.sibling = sib.pid;
	ASSERT_CHILD_START(&self->child, CLONE_NEWPID, look_outward, &w);
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	/* from the parent ns the child is addressable by its outer PID */
	EXPECT_EQ(0, kill(self->child.pid, 0)) TH_LOG("%m");
	fd = nsc_pidfd_open(self->child.pid, 0);
	EXPECT_LE(0, fd) TH_LOG("pidfd_open(%d): %m", self->child.pid);
	if (fd >= 0)
		close(fd);
	ASSERT_CHILD_OK(&self->child);
	nsc_child_kill(&sib);
}

/* M: a member two levels down; reports through the top-level socket. */
struct m_report {
	pid_t pid;
	int n[4];
	long v[4][MAXLV];
};

static const char *const status_keys[4] = { "NSpid", "NStgid", "NSpgid",
					     "NSsid" };

static int member_m(void *arg)
{
	int top = *(int *)arg, fd;
	struct m_report r;

	memset(&r, 0, sizeof(r));
	/* own session, so NSpgid and NSsid name this process too */
	if (setsid() < 0)
		return 10;
	r.pid = getpid();
	for (int i = 0; i < 4; i++)
		r.n[i] = pid_status_vals("/proc", 0, status_keys[i], r.v[i],
					 MAXLV);
	fd = nsc_pidfd_open(getpid(), 0);
	if (fd < 0 || nsc_send_fd(top, fd) ||
	    nsc_send_buf(top, &r, sizeof(r)))
		return 11;
	return nsc_recv_byte(top) == 'x' ? 0 : 12;
}

static int level2_init(int sock, void *arg)
{
	pid_t m;
	int rc;

	CHILD_ASSERT(getpid() == 1, "level-2 init has PID %d", getpid());
	CHILD_ASSERT(!pid_mount_own_proc(), "mount proc at level 2: %m");
	m = pid_spawn(member_m, arg, true);
	CHILD_ASSERT(m == 2, "member got PID %d: %m", m);
	rc = pid_reap(m);
	CHILD_ASSERT(rc == 0, "member failed (%d)", rc);
	return 0;
}

static int level1_init(int sock, void *arg)
{
	struct nsc_child c2 = NSC_CHILD_INIT;
	int rc;

	CHILD_ASSERT(getpid() == 1, "level-1 init has PID %d", getpid());
	CHILD_ASSERT(!mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), "%m");
	CHILD_ASSERT(!nsc_child_start(&c2, CLONE_NEWPID | CLONE_NEWNS,
				      level2_init, &sock), "%m");
	rc = nsc_child_wait(&c2);
	CHILD_ASSERT(rc == 0, "level-2 init failed (%d)", rc);
	return 0;
}

NSC_RULES(pid_16_nspid_one_value_per_level, "PID-16");
TEST_F(procv, pid_16_nspid_one_value_per_level)
{
	struct m_report r;
	long outer[4][MAXLV], pid[1];
	int fd, n;

	ASSERT_CHILD_START(&self->child, CLONE_NEWPID | CLONE_NEWNS,
			   level1_init, NULL);
	fd = nsc_recv_fd(self->child.sock);
	ASSERT_LE(0, fd) TH_LOG("no pidfd from the level-2 member: %m");
	ASSERT_EQ(sizeof(r), nsc_recv_buf(self->child.sock, &r, sizeof(r)));
	/* the inner procfs shows one level: the member's own PID */
	for (int i = 0; i < 4; i++) {
		EXPECT_EQ(1, r.n[i]) TH_LOG("%s through the inner /proc: %d values",
					   status_keys[i], r.n[i]);
		EXPECT_EQ(r.pid, r.v[i][0]) TH_LOG("%s", status_keys[i]);
	}
	EXPECT_EQ(2, r.pid);
	/* through our /proc: our level plus two more, innermost = getpid() */
	ASSERT_EQ(1, pid_fdinfo_vals("/proc", fd, "Pid", pid, 1));
	for (int i = 0; i < 4; i++) {
		n = pid_status_vals("/proc", pid[0], status_keys[i], outer[i],
				    MAXLV);
		ASSERT_EQ(self->level + 3, n) TH_LOG("%s of %ld via /proc",
						     status_keys[i], pid[0]);
		EXPECT_EQ(pid[0], outer[i][self->level]);
		/* level 1 holds its init (1), the level-2 init (2), then M */
		EXPECT_EQ(3, outer[i][self->level + 1]) TH_LOG("level-1 value");
		EXPECT_EQ(r.pid, outer[i][self->level + 2]);
	}
	close(fd);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

static int mount_own_proc(int sock, void *arg)
{
	pid_t outer = -1;
	long v[MAXLV];
	char buf[32];
	int p[2], n;
	ssize_t len;
	pid_t m;

	CHILD_ASSERT(nsc_recv_buf(sock, &outer, sizeof(outer)) ==
		     sizeof(outer), "no outer PID: %m");
	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	CHILD_ASSERT(!mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), "%m");
	/* the inherited procfs still speaks the outer ns */
	len = readlink("/proc/self", buf, sizeof(buf) - 1);
	CHILD_ASSERT(len > 0, "readlink /proc/self: %m");
	buf[len] = '\0';
	CHILD_ASSERT(atoi(buf) == outer, "/proc/self -> %s, outer PID %d",
		     buf, outer);
	n = pid_status_vals("/proc", 1, "NSpid", v, MAXLV);
	CHILD_ASSERT(n == 1, "/proc/1 shows %d NSpid values (not the outer "
		     "init?)", n);
	n = pid_status_vals("/proc", 0, "NSpid", v, MAXLV);
	CHILD_ASSERT(n >= 2 && v[n - 1] == 1, "own NSpid: %d values", n);
	/* one more member */
	CHILD_ASSERT(!pipe(p), "%m");
	m = fork();
	if (m == 0) {
		close(p[1]);
		_exit(read(p[0], buf, 1) < 0);
	}
	CHILD_ASSERT(m == 2, "member got PID %d: %m", m);
	close(p[0]);
	CHILD_ASSERT(!mount("proc", "/proc", "proc",
			    MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL),
		     "mount proc: %m");
	len = readlink("/proc/self", buf, sizeof(buf) - 1);
	CHILD_ASSERT(len > 0, "readlink /proc/self: %m");
	buf[len] = '\0';
	CHILD_ASSERT(!strcmp(buf, "1"), "/proc/self -> %s", buf);
	n = nsc_count_pids("/proc");
	CHILD_ASSERT(n == 2, "new /proc lists %d processes, expected 2", n);
	n = pid_status_vals("/proc", 0, "NSpid", v, MAXLV);
	CHILD_ASSERT(n == 1 && v[0] == 1, "own NSpid: %d values", n);
	close(p[1]);
	CHILD_ASSERT(pid_reap(m) == 0, "member failed");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

NSC_RULES(pid_22_procfs_shows_mounting_ns, "PID-22");
TEST_F(procv, pid_22_procfs_shows_mounting_ns)
{
	int mounts = nsc_mountinfo_count(0);
	char buf[32];
	ssize_t len;

	ASSERT_LT(0, mounts) TH_LOG("%m");
	ASSERT_CHILD_START(&self->child, CLONE_NEWPID | CLONE_NEWNS,
			   mount_own_proc, NULL);
	ASSERT_EQ(0, nsc_send_buf(self->child.sock, &self->child.pid,
				  sizeof(self->child.pid)));
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	ASSERT_NE(nsc_ns_ino(0, "mnt"), nsc_ns_ino(self->child.pid, "mnt"));
	/* our procfs is untouched */
	len = readlink("/proc/self", buf, sizeof(buf) - 1);
	ASSERT_LT(0, len);
	buf[len] = '\0';
	EXPECT_EQ(getpid(), atoi(buf));
	EXPECT_EQ(mounts, nsc_mountinfo_count(0));
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

static int init_with_member(int sock, void *arg)
{
	int fd;
	pid_t m;

	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	m = fork();
	if (m == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		_exit(nsc_recv_byte(sock) == 'x' ? 0 : 1);
	}
	CHILD_ASSERT(m == 2, "member got PID %d: %m", m);
	fd = nsc_pidfd_open(m, 0);
	CHILD_ASSERT(fd >= 0, "pidfd_open(%d): %m", m);
	CHILD_ASSERT(!nsc_send_fd(sock, fd), "%m");
	CHILD_ASSERT(pid_reap(m) == 0, "member failed");
	return 0;
}

NSC_RULES(pid_28_outer_view_uses_outer_pids, "PID-28");
TEST_F(procv, pid_28_outer_view_uses_outer_pids)
{
	long v[MAXLV], ppid[1];
	int fd, n;

	ASSERT_CHILD_START(&self->child, CLONE_NEWPID, init_with_member, NULL);
	fd = nsc_recv_fd(self->child.sock);
	ASSERT_LE(0, fd) TH_LOG("%m");
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	close(fd);
	/* the init: addressable, a child of ours, "outer 1" in NSpid */
	fd = nsc_pidfd_open(self->child.pid, 0);
	ASSERT_LE(0, fd) TH_LOG("pidfd_open(%d): %m", self->child.pid);
	close(fd);
	ASSERT_EQ(1, pid_status_vals("/proc", self->child.pid, "PPid", ppid, 1));
	EXPECT_EQ(getpid(), ppid[0]);
	n = pid_status_vals("/proc", self->child.pid, "NSpid", v, MAXLV);
	ASSERT_EQ(self->level + 2, n);
	EXPECT_EQ(self->child.pid, v[self->level]);
	EXPECT_EQ(1, v[self->level + 1]);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

NSC_RULES(pid_32_fdinfo_nspid_outer_to_inner, "PID-32");
TEST_F(procv, pid_32_fdinfo_nspid_outer_to_inner)
{
	long pid[1], v[MAXLV];
	int fd, n;

	ASSERT_CHILD_START(&self->child, CLONE_NEWPID, init_with_member, NULL);
	fd = nsc_recv_fd(self->child.sock);
	ASSERT_LE(0, fd) TH_LOG("no pidfd of the member: %m");
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	ASSERT_EQ(1, pid_fdinfo_vals("/proc", fd, "Pid", pid, 1))
		TH_LOG("fdinfo of a pidfd has no Pid: line: %m");
	/* from /proc's pid ns (we sit self->level below it) to the member's */
	n = pid_fdinfo_vals("/proc", fd, "NSpid", v, MAXLV);
	ASSERT_EQ(self->level + 2, n) TH_LOG("NSpid: %d values", n);
	EXPECT_EQ(pid[0], v[0]);
	EXPECT_EQ(2, v[self->level + 1]);
	EXPECT_NE(2, v[self->level]);
	EXPECT_EQ(0, kill(v[self->level], 0))
		TH_LOG("our PID %ld of the member: %m", v[self->level]);
	close(fd);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/*
 * fdinfo translates through the pid ns of the procfs instance it is read
 * from (the kernel's pidfd_show_fdinfo), which is the caller's ns only
 * when the caller mounted its own /proc.
 */
static int read_outer_pidfd(int sock, void *arg)
{
	long v[MAXLV];
	pid_t outer = -1;
	int fd, n;

	CHILD_ASSERT(getpid() == 1, "init has PID %d", getpid());
	CHILD_ASSERT(nsc_recv_buf(sock, &outer, sizeof(outer)) == sizeof(outer),
		     "%m");
	fd = nsc_recv_fd(sock);
	CHILD_ASSERT(fd >= 0, "%m");
	/* through the inherited outer procfs: the outer view */
	n = pid_fdinfo_vals("/proc", fd, "Pid", v, 1);
	CHILD_ASSERT(n == 1 && v[0] == outer, "outer procfs: Pid %ld, "
		     "expected %d", n == 1 ? v[0] : -1L, outer);
	CHILD_ASSERT(!pid_mount_own_proc(), "mount proc: %m");
	n = pid_fdinfo_vals("/proc", fd, "Pid", v, 1);
	CHILD_ASSERT(n == 1 && v[0] == 0, "own procfs: Pid %ld",
		     n == 1 ? v[0] : -1L);
	n = pid_fdinfo_vals("/proc", fd, "NSpid", v, MAXLV);
	CHILD_ASSERT(n == 1 && v[0] == 0, "own procfs: NSpid has %d values, "
		     "first %ld", n, n >= 1 ? v[0] : -1L);
	return 0;
}

NSC_RULES(pid_32_fdinfo_zero_when_invisible, "PID-32");
TEST_F(procv, pid_32_fdinfo_zero_when_invisible)
{
	pid_t me = getpid();
	int fd = nsc_pidfd_open(me, 0);

	ASSERT_LE(0, fd) TH_LOG("pidfd_open(self): %m");
	ASSERT_CHILD_START(&self->child, CLONE_NEWPID | CLONE_NEWNS,
			   read_outer_pidfd, NULL);
	ASSERT_OTHER_PIDNS(self->child.pid, self->my_pidns);
	ASSERT_EQ(0, nsc_send_buf(self->child.sock, &me, sizeof(me)));
	ASSERT_EQ(0, nsc_send_fd(self->child.sock, fd));
	close(fd);
	ASSERT_CHILD_OK(&self->child);
}

static int mount_in_new_pidns(void *arg)
{
	char buf[16];
	ssize_t len;

	if (getpid() != 1)
		return 10;
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL))
		return 11;
	len = readlink("/proc/self", buf, sizeof(buf) - 1);
	if (len <= 0)
		return 12;
	buf[len] = '\0';
	return strcmp(buf, "1") ? 13 : 0;
}

static int userns_proc_mount(int sock, void *arg)
{
	ino_t user0 = nsc_ns_ino(0, "user");
	pid_t c;
	int rc;

	CHILD_ASSERT(!nsc_unshare_userns_root(CLONE_NEWNS), "%m");
	CHILD_ASSERT(nsc_ns_ino(0, "user") != user0, "no new user ns");
	CHILD_ASSERT(nsc_caps_full(), "no full capability set in the new user ns");
	CHILD_ASSERT(!mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), "%m");
	errno = 0;
	CHILD_ASSERT(mount("proc", "/proc", "proc",
			   MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == -1 &&
		     errno == EPERM,
		     "mount proc for a foreign pid ns: errno %d", errno);
	CHILD_ASSERT(!unshare(CLONE_NEWPID), "%m");
	c = pid_spawn(mount_in_new_pidns, NULL, true);
	CHILD_ASSERT(c > 0, "fork: %m");
	rc = pid_reap(c);
	CHILD_ASSERT(rc == 0, "mount proc in an owned pid ns: step %d failed "
		     "(10 not init, 11 mount, 12-13 /proc/self)", rc);
	return 0;
}

NSC_RULES(pid_23_proc_mount_needs_owned_pidns, "PID-23");
TEST(pid_23_proc_mount_needs_owned_pidns)
{
	int mounts = nsc_mountinfo_count(0);

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_CHILD_RUN(0, userns_proc_mount, NULL);
	EXPECT_EQ(mounts, nsc_mountinfo_count(0));
}

TEST_HARNESS_MAIN
