// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/PID/ns: flag values, directory layout, link text versus stat
 * identity, ptrace access rules and the fixed inodes of the initial
 * namespaces.
 * Source: namespaces(7), clone(2), ioctl_ns(2).
 */
#include <dirent.h>
#include <sys/capability.h>
#include <sys/stat.h>

#include "nsc_harness.h"
#include "core_util.h"

/* The values are ABI; the headers we build against must agree. */
_Static_assert(CLONE_NEWNS == 0x00020000, "CLONE_NEWNS");
_Static_assert(CLONE_NEWCGROUP == 0x02000000, "CLONE_NEWCGROUP");
_Static_assert(CLONE_NEWUTS == 0x04000000, "CLONE_NEWUTS");
_Static_assert(CLONE_NEWIPC == 0x08000000, "CLONE_NEWIPC");
_Static_assert(CLONE_NEWUSER == 0x10000000, "CLONE_NEWUSER");
_Static_assert(CLONE_NEWPID == 0x20000000, "CLONE_NEWPID");
_Static_assert(CLONE_NEWNET == 0x40000000, "CLONE_NEWNET");
_Static_assert(CLONE_NEWTIME == 0x00000080, "CLONE_NEWTIME");

static const struct {
	const char *link;
	int flag;
} flag_of_link[] = {
	{ "mnt", 0x00020000 }, { "cgroup", 0x02000000 },
	{ "uts", 0x04000000 }, { "ipc", 0x08000000 },
	{ "user", 0x10000000 }, { "pid", 0x20000000 },
	{ "net", 0x40000000 }, { "time", 0x00000080 },
};

/* covers: CORE-01 */
TEST(core_01_flag_values_match_kernel)
{
	/* at run time the kernel names each type by the same value */
	for (size_t i = 0; i < NSC_ARRAY_SIZE(flag_of_link); i++) {
		int fd = nsc_ns_open(0, flag_of_link[i].link);
		int t;

		ASSERT_LE(0, fd) TH_LOG("open /proc/self/ns/%s: %m",
					flag_of_link[i].link);
		t = ioctl(fd, NS_GET_NSTYPE);
		close(fd);
		if (t < 0 && errno == ENOTTY)
			SKIP(return, "kernel lacks NS_GET_NSTYPE (ENOTTY, 4.11)");
		EXPECT_EQ(flag_of_link[i].flag, t)
			TH_LOG("%s: NS_GET_NSTYPE gave %#x: %m",
			       flag_of_link[i].link, t);
	}
}

/* covers: CORE-02 */
TEST(core_02_ns_dir_has_ten_links)
{
	unsigned int seen = 0;
	struct dirent *de;
	struct stat st;
	int n = 0;
	DIR *d;

	ASSERT_EQ(0, stat("/proc/self/ns", &st)) TH_LOG("%m");
	ASSERT_TRUE(S_ISDIR(st.st_mode));
	EXPECT_EQ(0511, st.st_mode & 07777)
		TH_LOG("mode is %o", st.st_mode & 07777);
	d = opendir("/proc/self/ns");
	ASSERT_NE(NULL, d) TH_LOG("opendir /proc/self/ns: %m");
	while ((de = readdir(d))) {
		int i;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		n++;
		i = nsc_nslink_index(de->d_name);
		EXPECT_LE(0, i) TH_LOG("unexpected entry %s", de->d_name);
		if (i < 0)
			continue;
		seen |= 1u << i;
		EXPECT_EQ(0, fstatat(dirfd(d), de->d_name, &st,
				     AT_SYMLINK_NOFOLLOW));
		EXPECT_TRUE(S_ISLNK(st.st_mode))
			TH_LOG("%s is not a symlink (mode %o)", de->d_name,
			       st.st_mode);
	}
	closedir(d);
	/* ten links, less those of a type the kernel is built without
	 * (CONFIG_UTS_NS=n: no "uts"; CONFIG_TIME_NS=n: neither time link) */
	EXPECT_EQ(__builtin_popcount(nsc_nslinks_present_mask()), n);
	EXPECT_EQ(nsc_nslinks_present_mask(), seen)
		TH_LOG("seen %#x, present types give %#x", seen,
		       nsc_nslinks_present_mask());
}

/* covers: CORE-03 */
TEST(core_03_readlink_matches_stat_inode)
{
	for (int i = 0; i < NSC_NSLINK_COUNT; i++) {
		const char *link = nsc_nslinks[i];
		char path[64], text[64], want[32];

		if (!nsc_nslink_present(link))
			continue;	/* a type this kernel lacks */
		unsigned long long n = 0;
		struct stat st;
		ssize_t len;
		size_t tl;

		snprintf(path, sizeof(path), "/proc/self/ns/%s", link);
		len = readlink(path, text, sizeof(text) - 1);
		ASSERT_LT(0, len) TH_LOG("readlink %s: %m", path);
		text[len] = '\0';
		/* pid_for_children reads as "pid:[N]", time_for_children as "time:[N]" */
		tl = strcspn(link, "_");
		snprintf(want, sizeof(want), "%.*s:[", (int)tl, link);
		ASSERT_EQ(0, strncmp(text, want, strlen(want)))
			TH_LOG("%s reads '%s', want prefix '%s'", path, text, want);
		ASSERT_EQ(1, sscanf(text + strlen(want), "%llu]", &n)) TH_LOG("%s", text);
		ASSERT_EQ(']', text[len - 1]);
		ASSERT_EQ(0, stat(path, &st)) TH_LOG("stat %s: %m", path);
		EXPECT_EQ((unsigned long long)st.st_ino, n)
			TH_LOG("%s: text %s, st_ino %llu", link, text,
			       (unsigned long long)st.st_ino);
	}
}

FIXTURE(procns) {
	struct nsc_child child;
};

FIXTURE_VARIANT(procns) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(procns);

FIXTURE_SETUP(procns)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
}

FIXTURE_TEARDOWN(procns)
{
	nsc_child_kill(&self->child);
}

static int park(int sock, void *arg)
{
	if (arg)
		CHILD_ASSERT(!unshare(*(int *)arg), "unshare(%#x): %m", *(int *)arg);
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

/* covers: CORE-04 */
TEST_F(procns, core_04_only_unshared_link_differs)
{
	struct nsc_ns_snap me, child;
	struct nsc_nsid a, b;
	int flag = CLONE_NEWUTS;
	char buf[128];

	ASSERT_EQ(0, nsc_ns_snapshot(0, &me)) TH_LOG("%m");
	ASSERT_CHILD_START(&self->child, 0, park, &flag);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_EQ(0, nsc_ns_snapshot(self->child.pid, &child)) TH_LOG("%m");
	EXPECT_EQ(1u << nsc_nslink_index("uts"), nsc_ns_snap_diff(&me, &child))
		TH_LOG("links that differ: %s",
		       nsc_ns_mask_str(nsc_ns_snap_diff(&me, &child), buf, sizeof(buf)));
	/* every link of both tasks lives on the one nsfs device */
	ASSERT_EQ(0, nsc_ns_stat(0, "uts", &a));
	for (int i = 0; i < NSC_NSLINK_COUNT; i++) {
		if (!nsc_nslink_present(nsc_nslinks[i]))
			continue;
		ASSERT_EQ(0, nsc_ns_stat(self->child.pid, nsc_nslinks[i], &b));
		EXPECT_EQ(a.dev, b.dev) TH_LOG("%s on another device", nsc_nslinks[i]);
		ASSERT_EQ(0, nsc_ns_stat(0, nsc_nslinks[i], &b));
		EXPECT_EQ(a.dev, b.dev) TH_LOG("%s on another device", nsc_nslinks[i]);
	}
	/* same (dev, ino) pair means same namespace: the child's net is ours */
	ASSERT_EQ(0, nsc_ns_stat(self->child.pid, "net", &b));
	ASSERT_EQ(0, nsc_ns_stat(0, "net", &a));
	EXPECT_TRUE(nsc_nsid_eq(&a, &b));
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

static int drop_and_read(int sock, void *arg)
{
	pid_t target = *(pid_t *)arg;
	char path[64], buf[64];
	int fd;

	CHILD_ASSERT(!nsc_drop_to_nobody(), "%m");
	CHILD_ASSERT(!nsc_cap_effective(CAP_SYS_PTRACE), "still has CAP_SYS_PTRACE");
	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", (int)target);
	errno = 0;
	CHILD_ASSERT(readlink(path, buf, sizeof(buf)) == -1 && errno == EACCES,
		     "readlink %s: errno %d", path, errno);
	errno = 0;
	fd = open(path, O_RDONLY);
	CHILD_ASSERT(fd == -1 && errno == EACCES, "open %s: fd %d errno %d",
		     path, fd, errno);
	return 0;
}

/* covers: CORE-05 */
TEST(core_05_foreign_ns_links_need_ptrace_access)
{
	struct nsc_child sleeper = NSC_CHILD_INIT, c = NSC_CHILD_INIT;
	char path[64], buf[64];

	NSC_REQUIRE(nsc_need_root());
	ASSERT_CHILD_START(&sleeper, 0, park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(sleeper.sock));
	/* control: its owner (root) can read the link */
	/* mnt: a link every kernel has */
	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", (int)sleeper.pid);
	ASSERT_LT(0, readlink(path, buf, sizeof(buf))) TH_LOG("root: %m");
	ASSERT_CHILD_START(&c, 0, drop_and_read, &sleeper.pid);
	ASSERT_CHILD_OK(&c);
	nsc_child_kill(&sleeper);
}

/* The initial namespaces are the kernel threads' ones (kthreadd, pid 2). */
static const struct {
	const char *link;
	unsigned long ino;
	int since_major, since_minor;	/* 0: always */
} init_ino[] = {
	{ "ipc", 4026531839UL }, { "uts", 4026531838UL },
	{ "user", 4026531837UL }, { "pid", 4026531836UL },
	{ "cgroup", 4026531835UL }, { "time", 4026531834UL },
	/* fixed since 6.17 (6.12 still dynamic); older kernels number them
	 * like any other */
	{ "net", 4026531833UL, 6, 17 }, { "mnt", 4026531832UL, 6, 17 },
};

/* Without access to kthreadd: the initial user ns maps every uid onto
 * itself, and in the initial pid ns NSpid has a single field. */
static bool in_initial_by_proc(const char *link)
{
	char buf[128];

	if (!strcmp(link, "user"))
		return nsc_read_line("/proc/self/uid_map", buf, sizeof(buf)) == 0 &&
		       sscanf(buf, "%*u %*u %s", buf) == 1 &&
		       !strcmp(buf, "4294967295");
	if (!strcmp(link, "pid"))
		return nsc_status_field(0, "NSpid", buf, sizeof(buf)) == 0 &&
		       !strpbrk(buf, " \t");
	return false;
}

/* covers: CORE-42 */
TEST(core_42_initial_namespaces_have_fixed_inodes)
{
	char comm[32];
	int checked = 0;

	if (nsc_read_line("/proc/2/comm", comm, sizeof(comm)) ||
	    strcmp(comm, "kthreadd"))
		SKIP(return, "pid 2 is not kthreadd: not in the initial pid namespace");
	for (size_t i = 0; i < NSC_ARRAY_SIZE(init_ino); i++) {
		struct nsc_nsid mine, kthread;

		ASSERT_EQ(0, nsc_ns_stat(0, init_ino[i].link, &mine)) TH_LOG("%m");
		if (nsc_ns_stat(2, init_ino[i].link, &kthread)) {
			ASSERT_EQ(EACCES, errno) TH_LOG("/proc/2/ns/%s: %m", init_ino[i].link);
			/* unprivileged: only user and pid can be told apart */
			if (!in_initial_by_proc(init_ino[i].link)) {
				TH_LOG("%s: no access to kthreadd's link, not checked",
				       init_ino[i].link);
				continue;
			}
			kthread = mine;
		}
		if (!nsc_nsid_eq(&mine, &kthread)) {
			TH_LOG("not in the initial %s namespace: not checked",
			       init_ino[i].link);
			continue;
		}
		if (init_ino[i].since_major &&
		    !nsc_kernel_at_least(init_ino[i].since_major, init_ino[i].since_minor)) {
			TH_LOG("initial %s namespace: inode %lu (fixed only since %d.%d)",
			       init_ino[i].link, (unsigned long)kthread.ino,
			       init_ino[i].since_major, init_ino[i].since_minor);
			continue;
		}
		checked++;
		EXPECT_EQ(init_ino[i].ino, (unsigned long)kthread.ino)
			TH_LOG("initial %s namespace has inode %lu",
			       init_ino[i].link, (unsigned long)kthread.ino);
	}
	if (!checked)
		SKIP(return, "this process shares no namespace with kthreadd");
}

TEST_HARNESS_MAIN
