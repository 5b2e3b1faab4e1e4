// SPDX-License-Identifier: GPL-2.0
/*
 * Pseudo-filesystem instances in a private mount namespace: procfs
 * mounts that each keep their own options (5.8: hidepid=, subset=), the
 * procfs pidns= option, and devpts instances with their own pty numbers.
 * Source: kernel selftests proc/proc-multiple-procfs.c,
 * proc/proc-fsconfig-hidepid.c, proc/proc-subset-pid.c, proc/proc-pidns.c,
 * filesystems/devpts_pts.c; proc(5) › Mount options.
 */
#include <dirent.h>
#include <termios.h>

#include "nsc_harness.h"
#include "mnt_util.h"

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

/* "opt" is one of the comma-separated super options of the mount at path. */
static int has_super_opt(const char *path, const char *opt)
{
	struct nsc_mountinfo m;
	char buf[300], *tok, *save;

	if (mnt_at(0, path, &m))
		return -1;
	snprintf(buf, sizeof(buf), "%s", m.super_opts);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (!strcmp(tok, opt))
			return 1;
	return 0;
}

static int mk_proc(const char *path, const char *opts)
{
	if (mk_dir(path))
		return -1;
	return mount("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, opts);
}

/* 0 when path exists, else errno. */
static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) ? errno : 0;
}

static int hidden_from_nobody(int sock, void *arg)
{
	CHILD_ASSERT(!nsc_drop_to_nobody(), "%m");
	CHILD_ASSERT(geteuid() == 65534, "euid %d", geteuid());
	/* root's init is invisible through the hidepid mount only */
	CHILD_ASSERT(exists(SANDBOX "/p1/1") == ENOENT, "p1/1: %s",
		     strerror(exists(SANDBOX "/p1/1")));
	CHILD_ASSERT(exists(SANDBOX "/p2/1") == 0, "p2/1: %s",
		     strerror(exists(SANDBOX "/p2/1")));
	CHILD_ASSERT(exists(SANDBOX "/p1/self") == 0, "p1/self: %s",
		     strerror(exists(SANDBOX "/p1/self")));
	return 0;
}

/*
 * Root only: hidepid shows against a second uid.
 * covers: MNT-39
 */
TEST(mnt_39_procfs_instances_keep_own_options)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct nsc_mountinfo host0, host1;
	int r;

	NSC_REQUIRE(nsc_need_root());
	ASSERT_EQ(0, mnt_at(0, "/proc", &host0)) TH_LOG("no /proc in mountinfo");
	ASSERT_EQ(0, mnt_sandbox()) TH_LOG("%m");
	r = mk_proc(SANDBOX "/p1", "hidepid=invisible");
	if (r && errno == EINVAL)
		SKIP(return, "kernel lacks hidepid=invisible (EINVAL), 5.8+");
	ASSERT_EQ(0, r) TH_LOG("mount proc hidepid=invisible: %m");
	ASSERT_EQ(0, mk_proc(SANDBOX "/p2", NULL)) TH_LOG("%m");
	EXPECT_NE(dev_of(SANDBOX "/p1"), dev_of(SANDBOX "/p2"))
		TH_LOG("both mounts share one superblock");
	EXPECT_EQ(1, has_super_opt(SANDBOX "/p1", "hidepid=invisible"));
	EXPECT_EQ(0, has_super_opt(SANDBOX "/p2", "hidepid=invisible"));
	ASSERT_CHILD_START(&c, 0, hidden_from_nobody, NULL);
	ASSERT_CHILD_OK(&c);
	/* the inherited /proc kept its options */
	ASSERT_EQ(0, mnt_at(0, "/proc", &host1));
	EXPECT_STREQ(host0.super_opts, host1.super_opts);
}

FIXTURE(procfs) {
	struct nsc_child child;
};

FIXTURE_VARIANT(procfs) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(procfs);

FIXTURE_SETUP(procfs)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_EQ(0, mnt_sandbox()) TH_LOG("%m");
}

FIXTURE_TEARDOWN(procfs)
{
	nsc_child_kill(&self->child);
}

/* In a new pid ns (procfs needs one owned by our user ns). */
static int subset_inside(int sock, void *arg)
{
	int r = mk_proc(SANDBOX "/s", "subset=pid");

	if (r && errno == EINVAL)
		CHILD_SKIP("kernel lacks procfs subset=pid (EINVAL), 5.8+");
	CHILD_ASSERT(!r, "mount proc subset=pid: %m");
	CHILD_ASSERT(!mk_proc(SANDBOX "/f", NULL), "%m");
	CHILD_ASSERT(has_super_opt(SANDBOX "/s", "subset=pid") == 1,
		     "subset=pid not shown");
	CHILD_ASSERT(!exists(SANDBOX "/s/1") && !exists(SANDBOX "/s/self"),
		     "pid dirs missing from the subset mount");
	CHILD_ASSERT(exists(SANDBOX "/s/meminfo") == ENOENT, "s/meminfo: %s",
		     strerror(exists(SANDBOX "/s/meminfo")));
	CHILD_ASSERT(exists(SANDBOX "/s/sys") == ENOENT, "s/sys: %s",
		     strerror(exists(SANDBOX "/s/sys")));
	CHILD_ASSERT(!exists(SANDBOX "/f/meminfo") && !exists(SANDBOX "/f/sys"),
		     "the full instance lost its files");
	return 0;
}

/* covers: MNT-40 */
TEST_F(procfs, mnt_40_procfs_subset_pid_only_pid_dirs)
{
	ASSERT_CHILD_RUN(CLONE_NEWPID, subset_inside, NULL);
	EXPECT_EQ(0, exists("/proc/meminfo")) TH_LOG("our /proc changed");
}

/* covers: MNT-41 */
TEST_F(procfs, mnt_41_procfs_pidns_option)
{
	char opt[96], want[64], got[64];
	int fsfd, mfd, nsfd, own, r;

	ASSERT_CHILD_START(&self->child, CLONE_NEWPID, nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	nsfd = nsc_ns_open(self->child.pid, "pid");
	ASSERT_LE(0, nsfd) TH_LOG("%m");
	ASSERT_NE(nsc_ns_ino(0, "pid"), nsc_ns_ino(self->child.pid, "pid"));
	snprintf(opt, sizeof(opt), "pidns=/proc/%d/ns/pid", self->child.pid);
	r = mk_proc(SANDBOX "/a", opt);
	if (r && errno == EINVAL)
		SKIP(return, "kernel lacks the procfs pidns= option (EINVAL)");
	ASSERT_EQ(0, r) TH_LOG("mount proc %s: %m", opt);
	/* the child's ns: its init is 1, we are not in it */
	snprintf(want, sizeof(want), "pid:[%lu]",
		 (unsigned long)nsc_ns_ino(self->child.pid, "pid"));
	ASSERT_LT(0, readlink(SANDBOX "/a/1/ns/pid", got, sizeof(got) - 1))
		TH_LOG("a/1/ns/pid: %m");
	got[sizeof(got) - 1] = '\0';
	got[strcspn(got, "\n")] = '\0';
	EXPECT_EQ(0, strncmp(want, got, strlen(want))) TH_LOG("%s", got);
	EXPECT_EQ(ENOENT, exists(SANDBOX "/a/self"));
	/* by fd through fsconfig */
	fsfd = fsopen("proc", FSOPEN_CLOEXEC);
	ASSERT_LE(0, fsfd) TH_LOG("fsopen(proc): %m");
	ASSERT_EQ(0, fsconfig(fsfd, FSCONFIG_SET_FD, "pidns", NULL, nsfd))
		TH_LOG("pidns by fd: %m");
	ASSERT_EQ(0, fsconfig(fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0)) TH_LOG("%m");
	mfd = fsmount(fsfd, FSMOUNT_CLOEXEC, 0);
	ASSERT_LE(0, mfd) TH_LOG("%m");
	EXPECT_EQ(0, faccessat(mfd, "1", X_OK, 0));
	EXPECT_EQ(-1, faccessat(mfd, "self", X_OK, 0));
	close(mfd);
	close(fsfd);
	/* an instance cannot change its pid ns afterwards (not even in a
	 * user ns, where only the child's ns can be mounted at all) */
	ASSERT_EQ(0, mk_proc(SANDBOX "/b", opt)) TH_LOG("%m");
	errno = 0;
	EXPECT_EQ(-1, mount(NULL, SANDBOX "/b", NULL, MS_REMOUNT,
			    "pidns=/proc/self/ns/pid"));
	EXPECT_EQ(EBUSY, errno) TH_LOG("remount with our pidns: %m");
	EXPECT_EQ(ENOENT, exists(SANDBOX "/b/self"));
	own = nsc_ns_open(0, "pid");
	ASSERT_LE(0, own) TH_LOG("%m");
	fsfd = fspick(AT_FDCWD, SANDBOX "/b", FSPICK_CLOEXEC);
	ASSERT_LE(0, fsfd) TH_LOG("fspick: %m");
	errno = 0;
	EXPECT_EQ(-1, fsconfig(fsfd, FSCONFIG_SET_FD, "pidns", NULL, own));
	EXPECT_EQ(EBUSY, errno) TH_LOG("fsconfig pidns on a live instance: %m");
	EXPECT_EQ(ENOENT, exists(SANDBOX "/b/self"));
	close(own);
	close(fsfd);
	close(nsfd);
}

/* covers: MNT-42 */
TEST_F(procfs, mnt_42_devpts_instance_per_mount_ns)
{
	char link[64], got[128];
	struct dirent *e;
	int master, peer, n = 0;
	DIR *d;

	ASSERT_EQ(0, mk_dir(SANDBOX "/pts"));
	ASSERT_EQ(0, mount("devpts", SANDBOX "/pts", "devpts", MS_NOSUID | MS_NOEXEC,
			   "newinstance,ptmxmode=0666,mode=0620"))
		TH_LOG("mount devpts: %m");
	EXPECT_NE(dev_of("/dev/pts"), dev_of(SANDBOX "/pts"));
	master = open(SANDBOX "/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	ASSERT_LE(0, master) TH_LOG("open pts/ptmx: %m");
	ASSERT_EQ(0, unlockpt(master)) TH_LOG("%m");
	ASSERT_EQ(0, ioctl(master, TIOCGPTN, &n)) TH_LOG("%m");
	EXPECT_EQ(0, n) TH_LOG("a fresh instance numbers from 0");
	peer = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (peer < 0 && errno == EINVAL)
		SKIP(return, "kernel lacks TIOCGPTPEER (EINVAL), 4.13+");
	ASSERT_LE(0, peer) TH_LOG("TIOCGPTPEER: %m");
	snprintf(link, sizeof(link), "/proc/self/fd/%d", peer);
	memset(got, 0, sizeof(got));
	ASSERT_LT(0, readlink(link, got, sizeof(got) - 1)) TH_LOG("%m");
	EXPECT_STREQ(SANDBOX "/pts/0", got);
	/* only our pty lives in this instance */
	d = opendir(SANDBOX "/pts");
	ASSERT_NE(NULL, d) TH_LOG("%m");
	n = 0;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	EXPECT_EQ(2, n) TH_LOG("entries besides ptmx and 0");
	close(peer);
	close(master);
}

TEST_HARNESS_MAIN
