// SPDX-License-Identifier: GPL-2.0
/*
 * Mount namespaces: the copied mount list, isolation of mounts and
 * unmounts, the /proc/PID/mount* views, mount points owned by another ns.
 * Source: mount_namespaces(7), proc(5). Every test runs in a private mount
 * ns with a fresh tmpfs over /tmp; children get CLONE_NEWNS copies of it.
 */
#include <poll.h>

#include "nsc_harness.h"
#include "mnt_util.h"

#define MAX_MNTS 128

struct mnt_list {
	int n;
	struct nsc_mountinfo m[MAX_MNTS];
};

static int collect_cb(const struct nsc_mountinfo *m, void *arg)
{
	struct mnt_list *l = arg;

	if (l->n < MAX_MNTS)
		l->m[l->n] = *m;
	l->n++;
	return 0;
}

static int collect(pid_t pid, struct mnt_list *l)
{
	l->n = 0;
	return nsc_mountinfo_each(pid, collect_cb, l);
}

FIXTURE(basic) {
	struct nsc_child child;
	char src[64];
};

FIXTURE_VARIANT(basic) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(basic);

FIXTURE_SETUP(basic)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_EQ(0, mnt_sandbox()) TH_LOG("sandbox tmpfs on %s: %m", SANDBOX);
	nsc_uniq(self->src, sizeof(self->src), "nsc-mnt-");
}

FIXTURE_TEARDOWN(basic)
{
	nsc_child_kill(&self->child);
}

/* covers: MNT-01 */
TEST_F(basic, mnt_01_new_ns_copies_mount_list)
{
	static struct mnt_list parent, child;
	int i, j;

	ASSERT_CHILD_START(&self->child, CLONE_NEWNS, nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_NE(nsc_ns_ino(0, "mnt"), nsc_ns_ino(self->child.pid, "mnt"));
	ASSERT_EQ(0, collect(0, &parent)) TH_LOG("own mountinfo: %m");
	ASSERT_EQ(0, collect(self->child.pid, &child)) TH_LOG("child mountinfo: %m");
	ASSERT_GE(MAX_MNTS, parent.n);
	ASSERT_EQ(parent.n, child.n);
	/* the same set of mounts (6.1 and 6.12 list a copy in another order) */
	static bool used[MAX_MNTS];

	memset(used, 0, sizeof(used));
	for (i = 0; i < parent.n; i++) {
		const struct nsc_mountinfo *p = &parent.m[i], *c = NULL;

		for (j = 0; j < child.n && !c; j++) {
			const struct nsc_mountinfo *x = &child.m[j];

			if (!used[j] && !strcmp(p->mnt_point, x->mnt_point) &&
			    !strcmp(p->fstype, x->fstype) && !strcmp(p->source, x->source) &&
			    !strcmp(p->opts, x->opts) && !strcmp(p->super_opts, x->super_opts)) {
				used[j] = true;
				c = x;
			}
		}
		EXPECT_NE(NULL, c) TH_LOG("%s (%s %s) missing from the copy",
					  p->mnt_point, p->fstype, p->source);
		if (!c)
			continue;
		/* a copy is a new mount: no mount ID is shared */
		for (j = 0; j < parent.n; j++)
			EXPECT_NE(parent.m[j].id, c->id)
				TH_LOG("%s keeps mount id %d", c->mnt_point, c->id);
	}
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/* Child: mounts a tmpfs named arg on /tmp/d and checks all its views. */
static int mount_and_look(int sock, void *arg)
{
	const char *src = arg;
	struct nsc_mountinfo m;
	struct statfs sf;
	static char mounts[16384];

	CHILD_ASSERT(!mk_tmpfs(SANDBOX "/d", src), "tmpfs on /tmp/d: %m");
	CHILD_ASSERT(!mnt_at(0, SANDBOX "/d", &m), "not in own mountinfo");
	CHILD_ASSERT(!strcmp(m.source, src) && !strcmp(m.fstype, "tmpfs"),
		     "mountinfo shows %s %s", m.fstype, m.source);
	CHILD_ASSERT(nsc_read_file("/proc/self/mounts", mounts, sizeof(mounts)) > 0, "%m");
	CHILD_ASSERT(strstr(mounts, src), "not in own /proc/self/mounts");
	CHILD_ASSERT(!statfs(SANDBOX "/d", &sf) && sf.f_type == TMPFS_MAGIC,
		     "statfs type %#lx", (unsigned long)sf.f_type);
	CHILD_ASSERT(dev_of(SANDBOX "/d") != dev_of(SANDBOX), "same st_dev");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

/* covers: MNT-02 */
TEST_F(basic, mnt_02_child_mount_invisible_in_parent)
{
	static char mounts[16384];

	ASSERT_CHILD_START(&self->child, CLONE_NEWNS, mount_and_look, self->src);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock))
		TH_LOG("child could not mount");
	ASSERT_NE(nsc_ns_ino(0, "mnt"), nsc_ns_ino(self->child.pid, "mnt"));
	EXPECT_TRUE(mnt_absent(0, SANDBOX "/d"));
	ASSERT_LT(0, nsc_read_file("/proc/self/mounts", mounts, sizeof(mounts)));
	EXPECT_EQ(NULL, strstr(mounts, self->src));
	EXPECT_EQ(dev_of(SANDBOX), dev_of(SANDBOX "/d"));
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

static int umount_inherited(int sock, void *arg)
{
	char buf[16];

	CHILD_ASSERT(!strcmp(get_file(SANDBOX "/a/f", buf, sizeof(buf)), "A"),
		     "inherited file reads '%s'", buf);
	CHILD_ASSERT(!umount2(SANDBOX "/a", 0), "umount /tmp/a: %m");
	CHILD_ASSERT(mnt_absent(0, SANDBOX "/a"), "still mounted");
	CHILD_ASSERT(access(SANDBOX "/a/f", F_OK), "file still visible");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

/* covers: MNT-03 */
TEST_F(basic, mnt_03_child_umount_leaves_parent_mount)
{
	char buf[16];

	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/a", self->src)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_put_file(SANDBOX "/a/f", "A")) TH_LOG("%m");
	ASSERT_CHILD_START(&self->child, CLONE_NEWNS, umount_inherited, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_NE(nsc_ns_ino(0, "mnt"), nsc_ns_ino(self->child.pid, "mnt"));
	EXPECT_TRUE(mnt_present(0, SANDBOX "/a"));
	EXPECT_STREQ("A", get_file(SANDBOX "/a/f", buf, sizeof(buf)));
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/* covers: MNT-04 */
TEST_F(basic, mnt_04_later_parent_mount_not_in_child)
{
	ASSERT_CHILD_START(&self->child, CLONE_NEWNS, nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_NE(nsc_ns_ino(0, "mnt"), nsc_ns_ino(self->child.pid, "mnt"));
	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/late", self->src)) TH_LOG("%m");
	ASSERT_TRUE(mnt_present(0, SANDBOX "/late"));
	/* the child's own mount table (read through its /proc entry) */
	EXPECT_TRUE(mnt_absent(self->child.pid, SANDBOX "/late"));
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/* Child: private mount, plus a member of its ns (forked, no new ns). */
static int mount_with_member(int sock, void *arg)
{
	struct nsc_child member = NSC_CHILD_INIT;
	int rc;

	CHILD_ASSERT(!mk_tmpfs(SANDBOX "/m", arg), "%m");
	CHILD_ASSERT(!nsc_child_start(&member, 0, nsc_child_park, NULL), "%m");
	CHILD_ASSERT(nsc_recv_byte(member.sock) == 'r', "member did not start");
	CHILD_ASSERT(!nsc_send_buf(sock, &member.pid, sizeof(member.pid)), "%m");
	rc = nsc_recv_byte(sock) == 'x' ? 0 : 1;
	nsc_send_byte(member.sock, 'x');
	return nsc_child_wait(&member) || rc;
}

static void expect_same_view(struct __test_metadata *_metadata, pid_t a,
			     pid_t b, const char *file, const char *needle)
{
	static char va[32768], vb[32768], own[32768];
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)a, file);
	ASSERT_LT(0, nsc_read_file(path, va, sizeof(va))) TH_LOG("%s: %m", path);
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)b, file);
	ASSERT_LT(0, nsc_read_file(path, vb, sizeof(vb))) TH_LOG("%s: %m", path);
	snprintf(path, sizeof(path), "/proc/self/%s", file);
	ASSERT_LT(0, nsc_read_file(path, own, sizeof(own))) TH_LOG("%s: %m", path);
	EXPECT_STREQ(va, vb) TH_LOG("members differ in %s", file);
	EXPECT_NE(NULL, strstr(va, needle)) TH_LOG("%s lacks %s", file, needle);
	EXPECT_EQ(NULL, strstr(own, needle)) TH_LOG("own %s has %s", file, needle);
}

/* covers: MNT-05 */
TEST_F(basic, mnt_05_proc_pid_mounts_show_that_ns)
{
	pid_t member;

	ASSERT_CHILD_START(&self->child, CLONE_NEWNS, mount_with_member, self->src);
	ASSERT_EQ(sizeof(member),
		  nsc_recv_buf(self->child.sock, &member, sizeof(member)));
	ASSERT_NE(nsc_ns_ino(0, "mnt"), nsc_ns_ino(self->child.pid, "mnt"));
	ASSERT_EQ(nsc_ns_ino(member, "mnt"), nsc_ns_ino(self->child.pid, "mnt"));
	expect_same_view(_metadata, self->child.pid, member, "mountinfo",
			 " " SANDBOX "/m ");
	expect_same_view(_metadata, self->child.pid, member, "mounts",
			 self->src);
	expect_same_view(_metadata, self->child.pid, member, "mountstats",
			 "mounted on " SANDBOX "/m ");
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/* covers: MNT-25 */
TEST_F(basic, mnt_25_rmdir_of_foreign_mount_point)
{
	ASSERT_CHILD_START(&self->child, CLONE_NEWNS, mount_and_look, self->src);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_TRUE(mnt_present(self->child.pid, SANDBOX "/d"));
	/* not a mount point here, so the parent may remove it */
	ASSERT_EQ(0, rmdir(SANDBOX "/d")) TH_LOG("rmdir /tmp/d: %m");
	EXPECT_TRUE(mnt_absent(self->child.pid, SANDBOX "/d"))
		TH_LOG("the child's mount survived the rmdir");
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

static short poll_now(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLPRI };

	/* timeout 0: every event tested here happened before the call */
	return poll(&p, 1, 0) == 1 ? p.revents : 0;
}

static int mount_on_c(int sock, void *arg)
{
	CHILD_ASSERT(!mk_tmpfs(SANDBOX "/c", arg), "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

/* covers: MNT-33 */
TEST_F(basic, mnt_33_mounts_poll_sees_own_ns_only)
{
	int fd = open("/proc/self/mounts", O_RDONLY | O_CLOEXEC);

	ASSERT_LE(0, fd) TH_LOG("/proc/self/mounts: %m");
	EXPECT_EQ(0, poll_now(fd) & POLLPRI) TH_LOG("event before any change");
	ASSERT_CHILD_START(&self->child, CLONE_NEWNS, mount_on_c, self->src);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_TRUE(mnt_present(self->child.pid, SANDBOX "/c"));
	EXPECT_EQ(0, poll_now(fd) & POLLPRI) TH_LOG("event from a sibling ns");
	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/p", self->src)) TH_LOG("%m");
	EXPECT_EQ(POLLPRI, poll_now(fd) & POLLPRI) TH_LOG("no event on mount");
	EXPECT_EQ(0, poll_now(fd) & POLLPRI) TH_LOG("event not consumed");
	ASSERT_EQ(0, umount2(SANDBOX "/p", 0)) TH_LOG("%m");
	EXPECT_EQ(POLLPRI, poll_now(fd) & POLLPRI) TH_LOG("no event on umount");
	close(fd);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/* Child: mounts the loop device arg on /tmp/d and writes a file there. */
static int mount_image(int sock, void *arg)
{
	struct statfs sf;

	CHILD_ASSERT(!mk_dir(SANDBOX "/d"), "%m");
	CHILD_ASSERT(!mount(arg, SANDBOX "/d", "ext4", 0, NULL),
		     "mount %s: %m", (const char *)arg);
	CHILD_ASSERT(!statfs(SANDBOX "/d", &sf) && sf.f_type == 0xEF53,
		     "statfs type %#lx", (unsigned long)sf.f_type);
	CHILD_ASSERT(!nsc_put_file(SANDBOX "/d/img-file", "I"), "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

static int umount_image(int sock, void *arg)
{
	CHILD_ASSERT(!umount2(SANDBOX "/e", 0), "umount /tmp/e: %m");
	CHILD_ASSERT(access(SANDBOX "/e/img-file", F_OK), "file still visible");
	return 0;
}

/* An ext4 image on a loop device, mounted and unmounted on each side.
 * covers: MNT-02 MNT-03 */
TEST(mnt_02_image_mount_and_umount_stay_inside)
{
	struct nsc_child c = NSC_CHILD_INIT;
	const char *why = NULL;
	char dev[32], buf[8];
	int lfd;

	NSC_REQUIRE(nsc_need_root());
	ASSERT_EQ(0, mnt_sandbox()) TH_LOG("%m");
	lfd = mk_ext4_loop(SANDBOX "/img", dev, sizeof(dev), &why);
	NSC_REQUIRE(why);
	ASSERT_LE(0, lfd) TH_LOG("ext4 image on a loop device: %m");
	ASSERT_CHILD_START(&c, CLONE_NEWNS, mount_image, dev);
	ASSERT_EQ('r', nsc_recv_byte(c.sock)) TH_LOG("child could not mount");
	EXPECT_TRUE(mnt_absent(0, SANDBOX "/d"));
	EXPECT_NE(0, access(SANDBOX "/d/img-file", F_OK));
	/* the same fs mounted here; a child copy unmounts it */
	ASSERT_EQ(0, mk_dir(SANDBOX "/e"));
	ASSERT_EQ(0, mount(dev, SANDBOX "/e", "ext4", 0, NULL)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
	ASSERT_CHILD_RUN(CLONE_NEWNS, umount_image, NULL);
	EXPECT_TRUE(mnt_present(0, SANDBOX "/e"));
	EXPECT_STREQ("I", get_file(SANDBOX "/e/img-file", buf, sizeof(buf)));
	close(lfd);
}

TEST_HARNESS_MAIN
