// SPDX-License-Identifier: GPL-2.0
/*
 * Joining and holding mount namespaces: setns(CLONE_NEWNS) permissions
 * and its EINVAL for shared fs_struct, the root/cwd reset, bind-mounting
 * ns links, namespaces kept alive by an fd or a bind mount.
 * Source: setns(2), namespaces(7), capabilities(7).
 */
#include <pthread.h>
#include <sched.h>
#include <sys/capability.h>

#include "nsc_harness.h"
#include "mnt_util.h"

FIXTURE(sn) {
	struct nsc_child child;	/* holds the target mount ns */
	char src[64];
	int fd;			/* its /proc/PID/ns/mnt */
	int older;		/* the mount ns we had before the sandbox */
};

FIXTURE_VARIANT(sn) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(sn);

/* Child: a new mount ns with a private tmpfs on /tmp/h holding a file. */
static int hold_target(int sock, void *arg)
{
	CHILD_ASSERT(!mk_tmpfs(SANDBOX "/h", arg), "%m");
	CHILD_ASSERT(!nsc_put_file(SANDBOX "/h/f", "H"), "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

FIXTURE_SETUP(sn)
{
	cpu_set_t one;

	self->child = (struct nsc_child)NSC_CHILD_INIT;
	self->fd = self->older = -EBADF;
	/*
	 * Every namespace of the test is made on one CPU: 6.18 numbers mount
	 * namespaces from per-CPU batches, so across CPUs a newer ns can get a
	 * lower id and mnt_ns_loop() refuses its bind (MNT-28). That kernel bug
	 * is mnt/regression_test's subject, not these tests'.
	 */
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu(), &one);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(one), &one)) TH_LOG("pin: %m");
	NSC_ENTER_PRIV(variant->priv);
	/* and so is the older ns: the one we stand in may come from another
	 * CPU's batch (a container's, a user ns runner's) */
	ASSERT_EQ(0, nsc_unshare_checked(CLONE_NEWNS)) TH_LOG("unshare(CLONE_NEWNS): %m");
	self->older = nsc_ns_open(0, "mnt");
	ASSERT_LE(0, self->older) TH_LOG("/proc/self/ns/mnt: %m");
	ASSERT_EQ(0, mnt_sandbox()) TH_LOG("sandbox tmpfs on %s: %m", SANDBOX);
	nsc_uniq(self->src, sizeof(self->src), "nsc-setns-");
	ASSERT_EQ(0, mk_dir(SANDBOX "/sub"));
	ASSERT_CHILD_START(&self->child, CLONE_NEWNS, hold_target, self->src);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	self->fd = nsc_ns_open(self->child.pid, "mnt");
	ASSERT_LE(0, self->fd) TH_LOG("/proc/%d/ns/mnt: %m", self->child.pid);
	ASSERT_NE(nsc_ns_ino(0, "mnt"), nsc_ns_ino(self->child.pid, "mnt"));
}

FIXTURE_TEARDOWN(sn)
{
	if (self->fd >= 0)
		close(self->fd);
	if (self->older >= 0)
		close(self->older);
	nsc_child_kill(&self->child);
}

static void *park(void *arg)
{
	char c;

	/* returns when the test closes the pipe's write end */
	return read(*(int *)arg, &c, 1) < 0 ? NULL : arg;
}

/* covers: MNT-26 */
TEST_F(sn, mnt_26_setns_with_second_thread_einval)
{
	ino_t mine = nsc_ns_ino(0, "mnt");
	pthread_t th;
	int p[2];

	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(0, pthread_create(&th, NULL, park, &p[0]));
	EXPECT_EQ(-1, setns(self->fd, CLONE_NEWNS));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(mine, nsc_ns_ino(0, "mnt"));
	close(p[1]);
	ASSERT_EQ(0, pthread_join(th, NULL));
	close(p[0]);
	ASSERT_EQ(0, nsc_wait_single_threaded(2000)) TH_LOG("the joined thread lingers");
	/* control: single-threaded again, the same call works */
	ASSERT_EQ(0, setns(self->fd, CLONE_NEWNS)) TH_LOG("%m");
	EXPECT_EQ(nsc_ns_ino(self->child.pid, "mnt"), nsc_ns_ino(0, "mnt"));
}

static int setns_expect(int sock, void *arg)
{
	const int *a = arg;	/* { fd, cap to drop or -1, expected errno } */
	ino_t before = nsc_ns_ino(0, "mnt");

	if (a[1] >= 0)
		CHILD_ASSERT(!nsc_cap_drop_effective(a[1]), "drop cap %d: %m", a[1]);
	errno = 0;
	CHILD_ASSERT(setns(a[0], CLONE_NEWNS) == -1 && errno == a[2],
		     "setns: errno %d, want %d", errno, a[2]);
	CHILD_ASSERT(nsc_ns_ino(0, "mnt") == before, "mount ns changed");
	return 0;
}

/* covers: MNT-26 */
TEST_F(sn, mnt_26_setns_with_clone_fs_einval)
{
	struct nsc_child c = NSC_CHILD_INIT;
	int a[3] = { self->fd, -1, EINVAL };

	/* the child shares our fs_struct (root, cwd, umask) */
	ASSERT_CHILD_START(&c, CLONE_FS, setns_expect, a);
	ASSERT_CHILD_OK(&c);
}

/* covers: MNT-26 */
TEST_F(sn, mnt_26_setns_needs_sys_chroot_and_sys_admin)
{
	struct nsc_child c = NSC_CHILD_INIT;
	int a[3] = { self->fd, CAP_SYS_CHROOT, EPERM };

	ASSERT_CHILD_START(&c, 0, setns_expect, a);
	ASSERT_CHILD_OK(&c);
	a[1] = CAP_SYS_ADMIN;
	ASSERT_CHILD_START(&c, 0, setns_expect, a);
	ASSERT_CHILD_OK(&c);
}

static int setns_from_child_userns(int sock, void *arg)
{
	int fd = *(int *)arg;

	CHILD_ASSERT(!nsc_unshare_userns_root(0), "%m");
	CHILD_ASSERT(nsc_caps_full(), "no full capability set");
	errno = 0;
	CHILD_ASSERT(setns(fd, CLONE_NEWNS) == -1 && errno == EPERM,
		     "setns into a mount ns of the parent user ns: errno %d",
		     errno);
	return 0;
}

/* covers: MNT-26 */
TEST_F(sn, mnt_26_setns_needs_admin_over_target_owner)
{

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_CHILD_RUN(0, setns_from_child_userns, &self->fd);
}

struct subdir_arg {
	int fd;
	struct stat root;	/* root of the target ns */
};

static int setns_from_subdir(int sock, void *arg)
{
	const struct subdir_arg *a = arg;
	const struct stat *want = &a->root;
	char cwd[256];
	struct stat st;

	CHILD_ASSERT(!chdir(SANDBOX "/sub"), "%m");
	CHILD_ASSERT(!chroot("."), "%m");
	CHILD_ASSERT(!stat("/", &st) && (st.st_dev != want->st_dev ||
					  st.st_ino != want->st_ino),
		     "chroot had no effect");
	CHILD_ASSERT(!setns(a->fd, CLONE_NEWNS), "setns: %m");
	CHILD_ASSERT(getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/"),
		     "cwd after setns: '%s'", cwd);
	CHILD_ASSERT(!stat("/", &st), "%m");
	CHILD_ASSERT(st.st_dev == want->st_dev && st.st_ino == want->st_ino,
		     "root not reset to the ns root");
	CHILD_ASSERT(!access(SANDBOX "/h/f", F_OK), "target's mount not seen");
	return 0;
}

/* covers: MNT-27 */
TEST_F(sn, mnt_27_setns_resets_root_and_cwd)
{
	struct subdir_arg a = { .fd = self->fd };
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/root/", self->child.pid);
	ASSERT_EQ(0, stat(path, &a.root)) TH_LOG("%s: %m", path);
	ASSERT_CHILD_RUN(0, setns_from_subdir, &a);
}

/* covers: MNT-28 */
TEST_F(sn, mnt_28_bind_ns_link_only_of_newer_ns)
{
	char older[64], newer[64];
	struct stat st;

	ASSERT_EQ(0, nsc_put_file(SANDBOX "/nsf", ""));
	EXPECT_EQ(-1, mount("/proc/self/ns/mnt", SANDBOX "/nsf", NULL, MS_BIND, NULL));
	EXPECT_EQ(EINVAL, errno) TH_LOG("own ns link: %m");
	/* the ns our sandbox was copied from is older */
	snprintf(older, sizeof(older), "/proc/self/fd/%d", self->older);
	ASSERT_EQ(0, stat(older, &st)) TH_LOG("%m");
	ASSERT_NE(nsc_ns_ino(0, "mnt"), st.st_ino);
	EXPECT_EQ(-1, mount(older, SANDBOX "/nsf", NULL, MS_BIND, NULL));
	EXPECT_EQ(EINVAL, errno) TH_LOG("older ns link: %m");
	snprintf(newer, sizeof(newer), "/proc/%d/ns/mnt", self->child.pid);
	ASSERT_EQ(0, mount(newer, SANDBOX "/nsf", NULL, MS_BIND, NULL))
		TH_LOG("bind %s: %m", newer);
	ASSERT_EQ(0, stat(SANDBOX "/nsf", &st));
	EXPECT_EQ(nsc_ns_ino(self->child.pid, "mnt"), st.st_ino);
}

static int join_and_read(int sock, void *arg)
{
	const char *path = arg;
	char buf[8];
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	CHILD_ASSERT(fd >= 0, "%s: %m", path);
	CHILD_ASSERT(!setns(fd, CLONE_NEWNS), "setns via %s: %m", path);
	CHILD_ASSERT(mnt_present(0, SANDBOX "/h"), "mount gone");
	CHILD_ASSERT(!strcmp(get_file(SANDBOX "/h/f", buf, sizeof(buf)), "H"),
		     "file reads '%s'", buf);
	return 0;
}

/* covers: MNT-29 */
TEST_F(sn, mnt_29_ns_held_by_fd_or_bind_keeps_mounts)
{
	char fdpath[32];

	ASSERT_EQ(0, nsc_put_file(SANDBOX "/nsf", ""));
	snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", self->fd);
	ASSERT_EQ(0, mount(fdpath, SANDBOX "/nsf", NULL, MS_BIND, NULL))
		TH_LOG("bind the ns fd: %m");
	/* the last process of the ns exits */
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
	EXPECT_TRUE(mnt_absent(0, SANDBOX "/h"));
	ASSERT_CHILD_RUN(0, join_and_read, fdpath);
	close(self->fd);
	self->fd = -EBADF;
	ASSERT_CHILD_RUN(0, join_and_read, SANDBOX "/nsf");
}

TEST_HARNESS_MAIN
