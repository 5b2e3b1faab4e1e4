// SPDX-License-Identifier: GPL-2.0
/*
 * Namespace lifetime: what keeps a namespace alive after its last member.
 * Source: namespaces(7) (Namespace lifetime), ioctl_ns(2), unshare(1).
 */
#include <sys/mount.h>
#include <sys/stat.h>

#include "nsc_harness.h"
#include "core_util.h"

FIXTURE(life) {
	struct nsc_child child;
	char name[64];
	struct nsc_nsid uts;	/* ours, to tell the child's is new */
};

FIXTURE_VARIANT(life) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(life);

FIXTURE_SETUP(life)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
	nsc_uniq(self->name, sizeof(self->name), "nsc-life-");
	ASSERT_EQ(0, nsc_ns_stat(0, "uts", &self->uts)) TH_LOG("%m");
}

FIXTURE_TEARDOWN(life)
{
	nsc_child_kill(&self->child);
}

static int sethost_park(int sock, void *arg)
{
	FIXTURE_DATA(life) *self = arg;

	CHILD_ASSERT_NEW_NS("uts", &self->uts);
	CHILD_ASSERT(!sethostname(self->name, strlen(self->name)), "%m");
	return nsc_child_park(sock, arg);
}

/* Starts a child in a new uts ns named self->name and returns its ino. */
static ino_t start_named_uts(struct __test_metadata *_metadata,
			     FIXTURE_DATA(life) *self)
{
	ino_t ino;

	if (nsc_child_start(&self->child, CLONE_NEWUTS, sethost_park, self))
		return 0;
	if (nsc_recv_byte(self->child.sock) != 'r')
		return 0;
	ino = nsc_ns_ino(self->child.pid, "uts");
	return ino == nsc_ns_ino(0, "uts") ? 0 : ino;
}

static void end_child(struct __test_metadata *_metadata, struct nsc_child *c)
{
	ASSERT_EQ(0, nsc_send_byte(c->sock, 'x'));
	ASSERT_CHILD_OK(c);
}

/* covers: CORE-06 */
TEST_F(life, core_06_open_fd_keeps_ns_alive)
{
	char host[128], mine[128];
	ino_t ino;
	int fd;

	ASSERT_EQ(0, gethostname(mine, sizeof(mine)));
	ino = start_named_uts(_metadata, self);
	ASSERT_NE(0, ino) TH_LOG("child in a new uts ns: %m");
	fd = nsc_ns_open(self->child.pid, "uts");
	ASSERT_LE(0, fd) TH_LOG("%m");
	end_child(_metadata, &self->child);
	/* no member left; the fd still reaches the same ns, hostname intact */
	ASSERT_EQ(0, setns(fd, CLONE_NEWUTS)) TH_LOG("setns(orphan uts): %m");
	EXPECT_EQ(ino, nsc_ns_ino(0, "uts"));
	ASSERT_EQ(0, gethostname(host, sizeof(host)));
	EXPECT_STREQ(self->name, host);
	EXPECT_STRNE(mine, host);
	close(fd);
}

/* covers: CORE-07 */
TEST_F(life, core_07_bind_mount_keeps_ns_alive)
{
	const char *file = "/tmp/uts-pin";
	char host[128], src[64];
	struct stat st;
	ino_t ino;
	int fd;

	ASSERT_EQ(0, nsc_sandbox_tmpfs("/tmp")) TH_LOG("sandbox: %m");
	ASSERT_EQ(0, nsc_touch(file)) TH_LOG("%s: %m", file);
	ino = start_named_uts(_metadata, self);
	ASSERT_NE(0, ino) TH_LOG("child in a new uts ns: %m");
	snprintf(src, sizeof(src), "/proc/%d/ns/uts", (int)self->child.pid);
	ASSERT_EQ(0, mount(src, file, NULL, MS_BIND, NULL))
		TH_LOG("bind %s -> %s: %m", src, file);
	end_child(_metadata, &self->child);
	ASSERT_EQ(0, stat(file, &st));
	EXPECT_EQ(ino, st.st_ino);
	fd = open(file, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd) TH_LOG("open the bind mount: %m");
	ASSERT_EQ(0, setns(fd, CLONE_NEWUTS)) TH_LOG("setns(via mount): %m");
	close(fd);
	ASSERT_EQ(0, gethostname(host, sizeof(host)));
	EXPECT_STREQ(self->name, host);
	EXPECT_EQ(ino, nsc_ns_ino(0, "uts"));
	/* after umount the path is a plain file again */
	ASSERT_EQ(0, umount(file)) TH_LOG("%m");
	fd = open(file, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd) TH_LOG("%m");
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_TRUE(S_ISREG(st.st_mode));
	errno = 0;
	EXPECT_EQ(-1, setns(fd, 0));
	EXPECT_EQ(EINVAL, errno) TH_LOG("setns(plain file): %m");
	close(fd);
}

/* Child: user ns A (mapped), then either a uts ns owned by A or a child
 * user ns B of A; reports A's inode, then waits. */
static int make_a_and(int sock, void *arg)
{
	int flag = *(int *)arg;
	ino_t a;

	CHILD_ASSERT(!nsc_unshare_userns_root(0), "%m");
	a = nsc_ns_ino(0, "user");
	CHILD_ASSERT(a, "%m");
	CHILD_ASSERT(!unshare(flag), "unshare(%#x): %m", flag);
	CHILD_ASSERT(!nsc_send_buf(sock, &a, sizeof(a)), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

static void check_userns_pinned(struct __test_metadata *_metadata, int flag)
{
	struct nsc_child c = NSC_CHILD_INIT;
	const char *link = flag == CLONE_NEWUSER ? "user" : "uts";
	unsigned long req = flag == CLONE_NEWUSER ? NS_GET_PARENT : NS_GET_USERNS;
	struct nsc_nsid got;
	ino_t a;
	int fd, r;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_CHILD_START(&c, 0, make_a_and, &flag);
	ASSERT_EQ(sizeof(a), nsc_recv_buf(c.sock, &a, sizeof(a)));
	fd = nsc_ns_open(c.pid, link);
	ASSERT_LE(0, fd) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
	/* A has no member left; only our fd on B/uts holds it */
	r = ioctl(fd, req);
	ASSERT_LE(0, r) TH_LOG("%s on the %s fd: %m",
			       req == NS_GET_PARENT ? "NS_GET_PARENT" : "NS_GET_USERNS", link);
	ASSERT_EQ(0, nsc_ns_fstat(r, &got));
	EXPECT_EQ(a, got.ino);
	EXPECT_EQ(CLONE_NEWUSER, ioctl(r, NS_GET_NSTYPE));
	close(r);
	close(fd);
}

/* covers: CORE-08 */
TEST(core_08_userns_kept_by_owned_ns)
{
	check_userns_pinned(_metadata, CLONE_NEWUTS);
}

/* covers: CORE-08 */
TEST(core_08_userns_kept_by_child_userns)
{
	check_userns_pinned(_metadata, CLONE_NEWUSER);
}

/* covers: CORE-09 */
TEST_F(life, core_09_for_children_link_pins_memberless_ns)
{
	static const struct { int flag; const char *cur, *kids; } t[] = {
		{ CLONE_NEWTIME, "time", "time_for_children" },
		{ CLONE_NEWPID, "pid", "pid_for_children" },
	};

	for (size_t i = 0; i < NSC_ARRAY_SIZE(t); i++) {
		ino_t cur = nsc_ns_ino(0, t[i].cur);
		struct nsc_nsid id;
		int fd;

		ASSERT_NE(0, cur);
		if (t[i].flag == CLONE_NEWTIME)
			NSC_REQUIRE(nsc_need_nstype(&nsc_nstypes[NSC_NS_TIME]));
		ASSERT_EQ(0, unshare(t[i].flag)) TH_LOG("unshare %s: %m", t[i].cur);
		fd = nsc_ns_open(0, t[i].kids);
		/*
		 * Up to 6.18 a pid ns reads ENOENT until its init exists; since
		 * 7.1 (seen on 7.2/7.3) the link pins the memberless pid ns too.
		 */
		if (t[i].flag == CLONE_NEWPID && !nsc_kernel_at_least(7, 1)) {
			EXPECT_EQ(-1, fd);
			EXPECT_EQ(ENOENT, errno) TH_LOG("pid_for_children: %m");
			if (fd >= 0)
				close(fd);
			continue;
		}
		ASSERT_LE(0, fd) TH_LOG("open %s: %m", t[i].kids);
		ASSERT_EQ(0, nsc_ns_fstat(fd, &id));
		EXPECT_NE(cur, id.ino);
		EXPECT_EQ(cur, nsc_ns_ino(0, t[i].cur));
		EXPECT_EQ(t[i].flag, ioctl(fd, NS_GET_NSTYPE));
		close(fd);
	}
}

TEST_HARNESS_MAIN
