// SPDX-License-Identifier: GPL-2.0
/*
 * Less privileged mount namespaces (owned by a newer user ns): shared
 * mounts turn into slaves, inherited mounts and their flags are locked,
 * and only some filesystem types may be mounted.
 * Source: mount_namespaces(7) › Restrictions on mount namespaces,
 * user_namespaces(7), umount(2), mount_setattr(2).
 * The sandbox (private mount ns, tmpfs over /tmp, /tmp/s shared) is built
 * by the fixture; the child then unshares a user ns with a mount ns.
 */

#include "nsc_harness.h"
#include "mnt_util.h"

#define S SANDBOX "/s"

FIXTURE(lessp) {
	struct nsc_child child;
	char src[64];
	int group;
};

FIXTURE_VARIANT(lessp) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(lessp);

FIXTURE_SETUP(lessp)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
	NSC_REQUIRE(nsc_need_userns());
	ASSERT_EQ(0, mnt_sandbox()) TH_LOG("sandbox tmpfs on %s: %m", SANDBOX);
	nsc_uniq(self->src, sizeof(self->src), "nsc-lessp-");
	ASSERT_EQ(0, mk_tmpfs(S, self->src)) TH_LOG("%m");
	ASSERT_EQ(0, set_prop(S, MS_SHARED)) TH_LOG("%m");
	self->group = mnt_tag_at(0, S, "shared");
	ASSERT_LT(0, self->group);
}

FIXTURE_TEARDOWN(lessp)
{
	nsc_child_kill(&self->child);
}

/* Enters a new user ns (root mapped to us) with a new mount ns. */
static int enter_lessp(int extra)
{
	return nsc_unshare_userns_root(CLONE_NEWNS | extra);
}

/* Child: a less privileged copy; runs arg's check, then waits. */
typedef int (*lessp_fn)(int sock);

static int in_lessp(int sock, void *arg)
{
	lessp_fn fn = (lessp_fn)arg;
	int rc;

	CHILD_ASSERT(!enter_lessp(0), "unshare(NEWUSER|NEWNS): %m");
	if (fn) {
		rc = fn(sock);
		if (rc)
			return rc;
	}
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

static void start_lessp(struct __test_metadata *_metadata,
			FIXTURE_DATA(lessp) *self, lessp_fn fn)
{
	ASSERT_CHILD_START(&self->child, 0, in_lessp, (void *)fn);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock))
		TH_LOG("the child's checks failed (see above)");
	ASSERT_NE(nsc_ns_ino(0, "mnt"), nsc_ns_ino(self->child.pid, "mnt"));
	ASSERT_NE(nsc_ns_ino(0, "user"), nsc_ns_ino(self->child.pid, "user"));
}

static void finish(struct __test_metadata *_metadata,
		   FIXTURE_DATA(lessp) *self)
{
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/* covers: MNT-20 */
TEST_F(lessp, mnt_20_shared_becomes_slave)
{
	start_lessp(_metadata, self, NULL);
	EXPECT_EQ(self->group, mnt_tag_at(self->child.pid, S, "master"));
	EXPECT_EQ(0, mnt_tag_at(self->child.pid, S, "shared"));
	EXPECT_EQ(self->group, mnt_tag_at(0, S, "shared"));
	finish(_metadata, self);
}

static int try_umount_locked(int sock)
{
	errno = 0;
	CHILD_ASSERT(umount2(SANDBOX "/a", 0) == -1 && errno == EINVAL,
		     "umount2(/tmp/a, 0): errno %d", errno);
	errno = 0;
	CHILD_ASSERT(umount2(SANDBOX "/a", MNT_DETACH) == -1 && errno == EINVAL,
		     "umount2(/tmp/a, MNT_DETACH): errno %d", errno);
	return 0;
}

/* covers: MNT-21 */
TEST_F(lessp, mnt_21_inherited_mount_cannot_be_unmounted)
{
	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/a", self->src)) TH_LOG("%m");
	start_lessp(_metadata, self, try_umount_locked);
	EXPECT_TRUE(mnt_present(self->child.pid, SANDBOX "/a"));
	finish(_metadata, self);
}

static int cover_and_uncover(int sock)
{
	char buf[8];

	CHILD_ASSERT(!strcmp(get_file(SANDBOX "/t", buf, sizeof(buf)), "1"),
		     "before: '%s'", buf);
	CHILD_ASSERT(!mount(SANDBOX "/f2", SANDBOX "/t", NULL, MS_BIND, NULL),
		     "bind over the locked mount: %m");
	CHILD_ASSERT(!strcmp(get_file(SANDBOX "/t", buf, sizeof(buf)), "2"),
		     "covered: '%s'", buf);
	CHILD_ASSERT(!umount2(SANDBOX "/t", 0), "umount of own mount: %m");
	CHILD_ASSERT(!strcmp(get_file(SANDBOX "/t", buf, sizeof(buf)), "1"),
		     "uncovered: '%s'", buf);
	errno = 0;
	CHILD_ASSERT(umount2(SANDBOX "/t", 0) == -1 && errno == EINVAL,
		     "the locked mount came off: errno %d", errno);
	return 0;
}

/* covers: MNT-22 */
TEST_F(lessp, mnt_22_mount_over_locked_mount_and_back)
{
	ASSERT_EQ(0, nsc_put_file(SANDBOX "/f1", "1"));
	ASSERT_EQ(0, nsc_put_file(SANDBOX "/f2", "2"));
	ASSERT_EQ(0, nsc_put_file(SANDBOX "/t", "0"));
	ASSERT_EQ(0, mount(SANDBOX "/f1", SANDBOX "/t", NULL, MS_BIND, NULL))
		TH_LOG("%m");
	start_lessp(_metadata, self, cover_and_uncover);
	finish(_metadata, self);
}

static int detach_propagated_tree(int sock)
{
	CHILD_ASSERT(!nsc_send_byte(sock, 'w'), "%m");
	CHILD_ASSERT(nsc_recv_byte(sock) == 'g', "no go-ahead");
	CHILD_ASSERT(mnt_present(0, S "/t") && mnt_present(0, S "/t/y"),
		     "the tree did not propagate");
	errno = 0;
	CHILD_ASSERT(umount2(S "/t/y", 0) == -1 && errno == EINVAL,
		     "member of the unit: errno %d", errno);
	CHILD_ASSERT(!umount2(S "/t", MNT_DETACH), "detach the unit: %m");
	CHILD_ASSERT(mnt_absent(0, S "/t") && mnt_absent(0, S "/t/y"),
		     "tree still mounted");
	return 0;
}

/* covers: MNT-23 */
TEST_F(lessp, mnt_23_propagated_unit_detaches_at_root)
{
	ASSERT_CHILD_START(&self->child, 0, in_lessp, (void *)detach_propagated_tree);
	ASSERT_EQ('w', nsc_recv_byte(self->child.sock));
	ASSERT_EQ(self->group, mnt_tag_at(self->child.pid, S, "master"));
	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/x", self->src)) TH_LOG("%m");
	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/x/y", self->src)) TH_LOG("%m");
	ASSERT_EQ(0, mk_bind(SANDBOX "/x", S "/t", true)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'g'));
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	/* the parent keeps its tree */
	EXPECT_TRUE(mnt_present(0, S "/t/y"));
	finish(_metadata, self);
}

#define LOCKED_FLAGS (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME)

static int clear_locked_flags(int sock)
{
	static const struct { unsigned long flag, repl; const char *name; } f[] = {
		{ MS_RDONLY, 0, "MS_RDONLY" }, { MS_NOSUID, 0, "MS_NOSUID" },
		{ MS_NODEV, 0, "MS_NODEV" }, { MS_NOEXEC, 0, "MS_NOEXEC" },
		{ MS_NOATIME, MS_STRICTATIME, "MS_NOATIME" },
	};
	const unsigned long base = MS_REMOUNT | MS_BIND;
	struct nsc_mount_attr attr = { .attr_clr = MOUNT_ATTR_RDONLY };
	struct nsc_mountinfo m;

	for (size_t i = 0; i < NSC_ARRAY_SIZE(f); i++) {
		unsigned long fl = base | (LOCKED_FLAGS & ~f[i].flag) | f[i].repl;

		errno = 0;
		CHILD_ASSERT(mount(NULL, SANDBOX "/ro", NULL, fl, NULL) == -1 &&
			     errno == EPERM, "clearing %s: errno %d", f[i].name,
			     errno);
	}
	/* control: a remount that keeps every locked flag is allowed */
	CHILD_ASSERT(!mount(NULL, SANDBOX "/ro", NULL, base | LOCKED_FLAGS, NULL),
		     "remount keeping the flags: %m");
	errno = 0;
	if (nsc_mount_setattr(AT_FDCWD, SANDBOX "/ro", 0, &attr, sizeof(attr)) &&
	    errno != ENOSYS)
		CHILD_ASSERT(errno == EPERM, "mount_setattr(clr RDONLY): %m");
	else
		CHILD_ASSERT(errno == ENOSYS, "mount_setattr cleared RDONLY");
	CHILD_ASSERT(!mnt_at(0, SANDBOX "/ro", &m) && !strncmp(m.opts, "ro,", 3),
		     "opts now '%s'", m.opts);
	return 0;
}

/* covers: MNT-24 */
TEST_F(lessp, mnt_24_inherited_flags_stay_locked)
{
	ASSERT_EQ(0, mk_dir(SANDBOX "/ro"));
	ASSERT_EQ(0, mk_bind(S, SANDBOX "/ro", false)) TH_LOG("%m");
	ASSERT_EQ(0, mount(NULL, SANDBOX "/ro", NULL,
			   MS_REMOUNT | MS_BIND | LOCKED_FLAGS, NULL))
		TH_LOG("read-only bind remount: %m");
	start_lessp(_metadata, self, clear_locked_flags);
	finish(_metadata, self);
}

/* Child: as an unprivileged uid where possible, mount each type that a
 * user ns root may mount, and the two that need more owned namespaces. */
static int userns_mounts(int sock, void *arg)
{
	static const struct { const char *type, *dir, *opts; } ok[] = {
		{ "tmpfs", "/tmp/m1", NULL },
		{ "ramfs", "/tmp/m2", NULL },
		{ "devpts", "/tmp/m3", "newinstance" },
		{ "mqueue", "/tmp/m4", NULL },
		{ "overlay", "/tmp/m5",
		  "lowerdir=/tmp/m1/l,upperdir=/tmp/m1/u,workdir=/tmp/m1/w" },
	};
	struct nsc_mountinfo m;

	if (nsc_in_init_userns() && geteuid() == 0)
		CHILD_ASSERT(!nsc_drop_to_nobody(), "%m");
	/* mqueue mounts the caller's IPC ns, which it must own */
	CHILD_ASSERT(!enter_lessp(CLONE_NEWIPC), "unshare: %m");
	CHILD_ASSERT(!mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), "%m");
	CHILD_ASSERT(!mount("nsc", "/tmp", "tmpfs", 0, NULL), "tmpfs: %m");
	for (size_t i = 0; i < NSC_ARRAY_SIZE(ok); i++) {
		CHILD_ASSERT(!mk_dir(ok[i].dir), "%m");
		if (i == 4)
			CHILD_ASSERT(!mk_dir("/tmp/m1/l") && !mk_dir("/tmp/m1/u") &&
				     !mk_dir("/tmp/m1/w"), "%m");
		/* overlayfs: only since 459c7c565ac3 ("ovl: unprivieged
		 * mounts"), 5.11; before, EPERM */
		if (i == 4 && !nsc_kernel_at_least(5, 11)) {
			errno = 0;
			CHILD_ASSERT(mount("nsc", ok[i].dir, ok[i].type, 0,
					   ok[i].opts) == -1 && errno == EPERM,
				     "overlay before 5.11: errno %d", errno);
			continue;
		}
		CHILD_ASSERT(!mount("nsc", ok[i].dir, ok[i].type, 0, ok[i].opts),
			     "mount %s: %m", ok[i].type);
		CHILD_ASSERT(!mnt_at(0, ok[i].dir, &m) &&
			     !strcmp(m.fstype, ok[i].type), "%s not in mountinfo",
			     ok[i].type);
	}
	CHILD_ASSERT(!mk_bind("/tmp/m1", "/tmp/m6", false), "bind: %m");
	/* proc needs an owned PID ns, sysfs an owned net ns */
	CHILD_ASSERT(!mk_dir("/tmp/p") && !mk_dir("/tmp/y"), "%m");
	errno = 0;
	CHILD_ASSERT(mount("proc", "/tmp/p", "proc", 0, NULL) == -1 &&
		     errno == EPERM, "proc: errno %d", errno);
	errno = 0;
	CHILD_ASSERT(mount("sysfs", "/tmp/y", "sysfs", 0, NULL) == -1 &&
		     errno == EPERM, "sysfs: errno %d", errno);
	return 0;
}

/* covers: MNT-32 */
TEST_F(lessp, mnt_32_userns_root_mounts_userns_fs_types)
{
	struct nsc_child c = NSC_CHILD_INIT;

	ASSERT_CHILD_START(&c, 0, userns_mounts, NULL);
	ASSERT_CHILD_OK(&c);
}

static int mount_block_fs(int sock, void *arg)
{
	CHILD_ASSERT(!nsc_drop_to_nobody(), "%m");
	CHILD_ASSERT(!enter_lessp(0), "unshare: %m");
	errno = 0;
	CHILD_ASSERT(mount(arg, SANDBOX "/d", "ext4", 0, NULL) == -1 &&
		     errno == EPERM, "ext4 on %s: errno %d",
		     (const char *)arg, errno);
	return 0;
}

/* covers: MNT-32 */
TEST(mnt_32_userns_root_cannot_mount_block_fs)
{
	struct nsc_child c = NSC_CHILD_INIT;
	const char *why = NULL;
	char dev[32];
	int lfd;

	NSC_REQUIRE(nsc_need_root());
	NSC_REQUIRE(nsc_need_userns());
	ASSERT_EQ(0, mnt_sandbox()) TH_LOG("%m");
	lfd = mk_ext4_loop(SANDBOX "/img", dev, sizeof(dev), &why);
	NSC_REQUIRE(why);
	ASSERT_LE(0, lfd) TH_LOG("ext4 image on a loop device: %m");
	/* control: the image is mountable by real root */
	ASSERT_EQ(0, mk_dir(SANDBOX "/d"));
	ASSERT_EQ(0, mount(dev, SANDBOX "/d", "ext4", 0, NULL)) TH_LOG("%m");
	ASSERT_EQ(0, umount2(SANDBOX "/d", 0)) TH_LOG("%m");
	ASSERT_CHILD_START(&c, 0, mount_block_fs, dev);
	ASSERT_CHILD_OK(&c);
	close(lfd);
}

TEST_HARNESS_MAIN
