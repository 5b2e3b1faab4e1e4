// SPDX-License-Identifier: GPL-2.0
/*
 * User namespaces: uid_map, gid_map, projid_map and setgroups.
 * Source: user_namespaces(7) › User and group ID mappings, Defining user and
 * group ID mappings, The /proc/pid/setgroups file, Project ID mappings.
 */
#include <grp.h>

#include "nsc_harness.h"
#include "user_util.h"

/* covers: USER-03 */
TEST(user_03_fresh_maps_are_empty)
{
	struct nsc_child c = NSC_CHILD_INIT;
	static const char *const files[] = { "uid_map", "gid_map", "projid_map" };
	char buf[256];
	ssize_t n;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_PARK(&c, 0);
	for (size_t i = 0; i < NSC_ARRAY_SIZE(files); i++) {
		/* read from inside is the same file: the target is the child */
		EXPECT_EQ(0, user_read_pid(c.pid, files[i], buf, sizeof(buf)))
			TH_LOG("%s of a fresh user ns reads '%s'", files[i], buf);
		/* ours still holds a mapping: the initial user ns always
		 * does; one we run in may have left a map unwritten (unshare
		 * -Ur writes no projid_map), so the control needs a map that
		 * is there (measured, as root of the initial ns it must be) */
		n = user_read_pid(0, files[i], buf, sizeof(buf));
		if (nsc_in_init_userns() || strcmp(files[i], "projid_map")) {
			EXPECT_LT(0, n) TH_LOG("our %s reads empty", files[i]);
		} else {
			EXPECT_LE(0, n) TH_LOG("our %s: %m", files[i]);
		}
	}
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
}

/* covers: USER-04 */
TEST(user_04_initial_maps_cover_all_but_minus_one)
{
	static const char *const files[] = { "uid_map", "gid_map" };
	unsigned long first, lower, count;
	char buf[256];

	if (!nsc_in_init_userns())
		SKIP(return, "not running in the initial user namespace");
	for (size_t i = 0; i < NSC_ARRAY_SIZE(files); i++) {
		ASSERT_LT(0, user_read_pid(0, files[i], buf, sizeof(buf)))
			TH_LOG("%s: %m", files[i]);
		ASSERT_EQ(0, user_map_line(0, files[i], &first, &lower, &count));
		/* exactly one line */
		EXPECT_EQ(strlen(buf) - 1, (size_t)(strchr(buf, '\n') - buf))
			TH_LOG("%s is not one line: %s", files[i], buf);
		EXPECT_EQ(0, first);
		EXPECT_EQ(0, lower);
		/* 0..4294967294: (uid_t)-1 itself stays unmapped */
		EXPECT_EQ(4294967295UL, count);
	}
}

/* covers: USER-05 */
TEST(user_05_maps_are_written_once)
{
	struct nsc_child c = NSC_CHILD_INIT;
	unsigned long first, lower, count;
	char um[32], gm[32];

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_DROP_PRIVS();
	snprintf(um, sizeof(um), "0 %u 1\n", geteuid());
	snprintf(gm, sizeof(gm), "0 %u 1\n", getegid());
	ASSERT_PARK(&c, 0);
	ASSERT_EQ(0, user_write_errno(c.pid, "uid_map", um)) TH_LOG("%m");
	EXPECT_EQ(EPERM, user_write_errno(c.pid, "uid_map", um));
	ASSERT_EQ(0, user_write_errno(c.pid, "setgroups", "deny")) TH_LOG("%m");
	ASSERT_EQ(0, user_write_errno(c.pid, "gid_map", gm)) TH_LOG("%m");
	EXPECT_EQ(EPERM, user_write_errno(c.pid, "gid_map", gm));
	/* the first mapping stands */
	ASSERT_EQ(0, user_map_line(c.pid, "uid_map", &first, &lower, &count));
	EXPECT_EQ(0, first);
	EXPECT_EQ(geteuid(), lower);
	EXPECT_EQ(1, count);
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
}

/* Builds N lines "i*2 i*2 1" (disjoint) into buf. */
static void many_lines(char *buf, size_t len, int n)
{
	size_t off = 0;

	buf[0] = '\0';
	for (int i = 0; i < n && off < len; i++)
		off += snprintf(buf + off, len - off, "%d %d 1\n", i * 2, i * 2);
}

/* covers: USER-06 */
TEST(user_06_invalid_maps_einval)
{
	static const char *const bad[] = {
		"0 0 0\n",			/* length 0 */
		"0 0 10\n5 100 10\n",		/* overlapping inside ranges */
		"0 100 10\n20 105 10\n",	/* overlapping outside ranges */
		"0 4294967295 1\n",		/* would map (uid_t)-1 */
		"4294967295 0 1\n",
		"0 0 4294967296\n",
		"a 0 1\n",			/* not a number */
		"0 0 1 junk\n",
	};
	struct nsc_child c = NSC_CHILD_INIT, c2 = NSC_CHILD_INIT;
	static char buf[16384];
	int fd;

	NSC_REQUIRE(nsc_need_root());
	ASSERT_PARK(&c, 0);
	for (size_t i = 0; i < NSC_ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(EINVAL, user_write_errno(c.pid, "uid_map", bad[i]))
			TH_LOG("map '%.*s'", (int)strcspn(bad[i], "\n"), bad[i]);
	}
	many_lines(buf, sizeof(buf), 341);
	EXPECT_EQ(EINVAL, user_write_errno(c.pid, "uid_map", buf))
		TH_LOG("341 lines accepted");
	/* a whole page, made of valid text */
	memset(buf, ' ', 4096);
	memcpy(buf, "0 0 1", 5);
	buf[4095] = '\n';
	buf[4096] = '\0';
	EXPECT_EQ(EINVAL, user_write_errno(c.pid, "uid_map", buf));
	/* nonzero offset */
	snprintf(buf, sizeof(buf), "/proc/%d/uid_map", c.pid);
	fd = open(buf, O_WRONLY | O_CLOEXEC);
	ASSERT_LE(0, fd) TH_LOG("%s: %m", buf);
	/* the seq file has no pwrite: ESPIPE, at any offset */
	errno = 0;
	EXPECT_EQ(-1, pwrite(fd, "0 0 1\n", 6, 1));
	EXPECT_EQ(ESPIPE, errno) TH_LOG("pwrite at offset 1: %m");
	errno = 0;
	EXPECT_EQ(-1, pwrite(fd, "0 0 1\n", 6, 0));
	EXPECT_EQ(ESPIPE, errno) TH_LOG("pwrite at offset 0: %m");
	/* seek, then write */
	ASSERT_EQ(1, lseek(fd, 1, SEEK_SET)) TH_LOG("%m");
	errno = 0;
	EXPECT_EQ(-1, write(fd, "0 0 1\n", 6));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
	/* nothing was stored by the rejected writes; 340 lines are fine */
	EXPECT_EQ(0, user_read_pid(c.pid, "uid_map", buf, sizeof(buf)));
	many_lines(buf, sizeof(buf), 340);
	EXPECT_EQ(0, user_write_errno(c.pid, "uid_map", buf)) TH_LOG("340 lines: %m");
	ASSERT_LT(0, user_read_pid(c.pid, "uid_map", buf, sizeof(buf)));
	{
		int lines = 0;

		for (char *p = buf; *p; p++)
			lines += *p == '\n';
		EXPECT_EQ(340, lines);
	}
	/* the full range in one line */
	ASSERT_PARK(&c2, 0);
	EXPECT_EQ(0, user_write_errno(c2.pid, "uid_map", "0 0 4294967295\n"))
		TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_EQ(0, nsc_send_byte(c2.sock, 'x'));
	ASSERT_CHILD_OK(&c);
	ASSERT_CHILD_OK(&c2);
}

/* covers: USER-07 */
TEST(user_07_unprivileged_writer_maps_only_own_id)
{
	struct nsc_child c = NSC_CHILD_INIT;
	unsigned int uid;
	char m[64];

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_DROP_PRIVS();
	uid = geteuid();
	ASSERT_PARK(&c, 0);
	snprintf(m, sizeof(m), "0 %u 1\n", uid ? 0 : 1);	/* someone else */
	EXPECT_EQ(EPERM, user_write_errno(c.pid, "uid_map", m)) TH_LOG("%s", m);
	snprintf(m, sizeof(m), "0 %u 2\n", uid);		/* length 2 */
	EXPECT_EQ(EPERM, user_write_errno(c.pid, "uid_map", m)) TH_LOG("%s", m);
	snprintf(m, sizeof(m), "0 %u 1\n1 %u 1\n", uid, uid + 1); /* two lines */
	EXPECT_EQ(EPERM, user_write_errno(c.pid, "uid_map", m)) TH_LOG("%s", m);
	snprintf(m, sizeof(m), "0 %u 1\n", uid);
	EXPECT_EQ(0, user_write_errno(c.pid, "uid_map", m)) TH_LOG("%s: %m", m);
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
}

/* covers: USER-08 */
TEST(user_08_gid_map_needs_setgroups_deny)
{
	struct nsc_child c = NSC_CHILD_INIT;
	unsigned long first, lower, count;
	char m[64];

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_DROP_PRIVS();
	ASSERT_FALSE(nsc_cap_effective(CAP_SETGID));
	snprintf(m, sizeof(m), "0 %u 1\n", getegid());
	ASSERT_PARK(&c, 0);
	EXPECT_EQ(EPERM, user_write_errno(c.pid, "gid_map", m));
	EXPECT_EQ(0, user_read_pid(c.pid, "gid_map", m + 32, 32));
	ASSERT_EQ(0, user_write_errno(c.pid, "setgroups", "deny")) TH_LOG("%m");
	EXPECT_EQ(0, user_write_errno(c.pid, "gid_map", m)) TH_LOG("%m");
	ASSERT_EQ(0, user_map_line(c.pid, "gid_map", &first, &lower, &count));
	EXPECT_EQ(getegid(), lower);
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
}

/* Child: after its maps are written, makes a nested user ns and checks
 * that it inherited "deny" and cannot switch it back. */
static int nested_setgroups(int sock, void *arg)
{
	char buf[16];

	CHILD_ASSERT(nsc_recv_byte(sock) == 'm', "no maps");
	CHILD_ASSERT(!unshare(CLONE_NEWUSER), "%m");
	CHILD_ASSERT(user_read_pid(0, "setgroups", buf, sizeof(buf)) > 0, "%m");
	CHILD_ASSERT(!strcmp(buf, "deny\n"), "nested ns reads '%s'", buf);
	errno = 0;
	CHILD_ASSERT(nsc_write_file("/proc/self/setgroups", "allow") == -1 &&
		     errno == EPERM, "allow in a nested deny ns: errno %d", errno);
	return 0;
}

/* covers: USER-09 */
TEST(user_09_setgroups_is_one_way)
{
	struct nsc_child c = NSC_CHILD_INIT, c2 = NSC_CHILD_INIT;
	char buf[16], m[32];

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_DROP_PRIVS();
	ASSERT_PARK(&c, 0);
	/* a fresh ns reads allow; deny sticks */
	ASSERT_LT(0, user_read_pid(c.pid, "setgroups", buf, sizeof(buf)));
	EXPECT_STREQ("allow\n", buf);
	ASSERT_EQ(0, user_write_errno(c.pid, "setgroups", "deny")) TH_LOG("%m");
	EXPECT_EQ(EPERM, user_write_errno(c.pid, "setgroups", "allow"));
	ASSERT_LT(0, user_read_pid(c.pid, "setgroups", buf, sizeof(buf)));
	EXPECT_STREQ("deny\n", buf);
	/* once gid_map is written, setgroups is frozen */
	snprintf(m, sizeof(m), "0 %u 1\n", getegid());
	ASSERT_EQ(0, user_write_errno(c.pid, "gid_map", m)) TH_LOG("%m");
	EXPECT_EQ(EPERM, user_write_errno(c.pid, "setgroups", "deny"));
	EXPECT_EQ(EPERM, user_write_errno(c.pid, "setgroups", "allow"));
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
	/* inherited by a nested user ns */
	ASSERT_CHILD_START(&c2, CLONE_NEWUSER, nested_setgroups, NULL);
	snprintf(m, sizeof(m), "0 %u 1\n", geteuid());
	ASSERT_EQ(0, user_write_errno(c2.pid, "uid_map", m)) TH_LOG("%m");
	ASSERT_EQ(0, user_write_errno(c2.pid, "setgroups", "deny")) TH_LOG("%m");
	snprintf(m, sizeof(m), "0 %u 1\n", getegid());
	ASSERT_EQ(0, user_write_errno(c2.pid, "gid_map", m)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(c2.sock, 'm'));
	ASSERT_CHILD_OK(&c2);
}

/*
 * With gid_map written by a privileged writer while setgroups is "allow",
 * "deny" is refused (EPERM); rewriting the current "allow" is accepted
 * (observed on 6.18; proc_setgroups_write only guards the two transitions).
 */
/* covers: USER-09 */
TEST(user_09_deny_refused_once_gid_map_is_set)
{
	struct nsc_child c = NSC_CHILD_INIT;
	char buf[16];

	NSC_REQUIRE(nsc_need_root());
	ASSERT_PARK(&c, 0);
	ASSERT_EQ(0, user_write_errno(c.pid, "gid_map", "0 0 1\n")) TH_LOG("%m");
	EXPECT_EQ(EPERM, user_write_errno(c.pid, "setgroups", "deny"));
	EXPECT_EQ(0, user_write_errno(c.pid, "setgroups", "allow")) TH_LOG("%m");
	ASSERT_LT(0, user_read_pid(c.pid, "setgroups", buf, sizeof(buf)));
	EXPECT_STREQ("allow\n", buf);
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
}

static int setgroups_denied(int sock, void *arg)
{
	gid_t g = 0;

	/* before any gid_map: EPERM although every capability is held */
	CHILD_ASSERT(nsc_caps_full(), "no full capabilities in the new ns");
	errno = 0;
	CHILD_ASSERT(setgroups(0, NULL) == -1 && errno == EPERM,
		     "setgroups before gid_map: errno %d", errno);
	CHILD_ASSERT(!nsc_send_byte(sock, 'u'), "%m");
	CHILD_ASSERT(nsc_recv_byte(sock) == 'm', "no maps");
	/* mapped uid 0 with full caps, setgroups "deny" */
	CHILD_ASSERT(getuid() == 0 && getgid() == 0, "uid %d", getuid());
	CHILD_ASSERT(nsc_caps_full(), "no full capabilities");
	errno = 0;
	CHILD_ASSERT(setgroups(1, &g) == -1 && errno == EPERM,
		     "setgroups with deny: errno %d", errno);
	errno = 0;
	CHILD_ASSERT(setgroups(0, NULL) == -1 && errno == EPERM,
		     "setgroups(0) with deny: errno %d", errno);
	return 0;
}

/* covers: USER-10 */
TEST(user_10_setgroups_denied_without_gid_map_or_with_deny)
{
	struct nsc_child c = NSC_CHILD_INIT;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_DROP_PRIVS();
	ASSERT_CHILD_START(&c, CLONE_NEWUSER, setgroups_denied, NULL);
	ASSERT_EQ('u', nsc_recv_byte(c.sock));
	ASSERT_EQ(0, nsc_map_root_to(c.pid, geteuid(), getegid())) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'm'));
	ASSERT_CHILD_OK(&c);
}

/* covers: USER-11 */
TEST(user_11_initial_setgroups_allow)
{
	char buf[16];

	if (!nsc_in_init_userns())
		SKIP(return, "not running in the initial user namespace");
	ASSERT_LT(0, user_read_pid(0, "setgroups", buf, sizeof(buf))) TH_LOG("%m");
	EXPECT_STREQ("allow\n", buf);
}

/* Child in its own user ns: tries to write a sibling's uid_map. */
static int write_sibling(int sock, void *arg)
{
	const char *map = arg;
	char path[64];
	pid_t target;
	int fd;

	CHILD_ASSERT(nsc_recv_buf(sock, &target, sizeof(target)) ==
		     sizeof(target), "%m");
	CHILD_ASSERT(nsc_caps_full(), "no full capabilities in own ns");
	snprintf(path, sizeof(path), "/proc/%d/uid_map", target);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		errno = 0;
		CHILD_ASSERT(write(fd, map, strlen(map)) == -1 && errno == EPERM,
			     "write %s: errno %d", path, errno);
		close(fd);
	} else {
		CHILD_ASSERT(errno == EPERM, "open %s: %m", path);
	}
	return 0;
}

/* covers: USER-12 */
TEST(user_12_sibling_cannot_write_maps)
{
	struct nsc_child a = NSC_CHILD_INIT, b = NSC_CHILD_INIT;
	char map[32], buf[64];

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_DROP_PRIVS();
	snprintf(map, sizeof(map), "0 %u 1\n", geteuid());
	ASSERT_PARK(&b, 0);
	ASSERT_CHILD_START(&a, CLONE_NEWUSER, write_sibling, map);
	ASSERT_NE(nsc_ns_ino(a.pid, "user"), nsc_ns_ino(b.pid, "user"));
	ASSERT_EQ(0, nsc_send_buf(a.sock, &b.pid, sizeof(b.pid)));
	ASSERT_CHILD_OK(&a);
	EXPECT_EQ(0, user_read_pid(b.pid, "uid_map", buf, sizeof(buf)))
		TH_LOG("the sibling's write landed: %s", buf);
	/* the parent ns may write it */
	EXPECT_EQ(0, user_write_errno(b.pid, "uid_map", map)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(b.sock, 'x'));
	ASSERT_CHILD_OK(&b);
}

/* Child (uid 0 mapped to one outer id) maps a grandchild. */
static int map_unmapped_id(int sock, void *arg)
{
	struct nsc_child g = NSC_CHILD_INIT;
	char buf[32];
	int rc;

	CHILD_ASSERT(nsc_recv_byte(sock) == 'm', "no maps");
	CHILD_ASSERT(nsc_caps_full(), "no full capabilities");
	CHILD_ASSERT(!user_park_start(&g, 0), "%m");
	rc = user_write_errno(g.pid, "uid_map", "0 5 1\n");
	CHILD_ASSERT(rc == EPERM, "mapping parent-unmapped uid 5: errno %d", rc);
	rc = user_write_errno(g.pid, "gid_map", "0 5 1\n");
	CHILD_ASSERT(rc == EPERM, "mapping parent-unmapped gid 5: errno %d", rc);
	CHILD_ASSERT(user_read_pid(g.pid, "uid_map", buf, sizeof(buf)) == 0,
		     "map stored: %s", buf);
	rc = user_write_errno(g.pid, "uid_map", "0 0 1\n");
	CHILD_ASSERT(rc == 0, "mapping the mapped uid 0: errno %d", rc);
	nsc_send_byte(g.sock, 'x');
	CHILD_ASSERT(nsc_child_wait(&g) == 0, "grandchild failed");
	return 0;
}

/* covers: USER-13 */
TEST(user_13_map_ids_must_be_mapped_in_parent)
{
	struct nsc_child c = NSC_CHILD_INIT;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_DROP_PRIVS();
	ASSERT_CHILD_START(&c, CLONE_NEWUSER, map_unmapped_id, NULL);
	ASSERT_EQ(0, nsc_map_root_to(c.pid, geteuid(), getegid())) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'm'));
	ASSERT_CHILD_OK(&c);
}

FIXTURE(setfcap) {
	struct nsc_child child;
};

FIXTURE_VARIANT(setfcap) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(setfcap);

FIXTURE_SETUP(setfcap)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_TRUE(nsc_cap_effective(CAP_SETFCAP));
}

FIXTURE_TEARDOWN(setfcap)
{
	nsc_child_kill(&self->child);
}

static int set_cap_eff(int cap, bool on)
{
	cap_value_t v = cap;
	cap_t c = cap_get_proc();
	int ret;

	if (!c)
		return -1;
	ret = cap_set_flag(c, CAP_EFFECTIVE, 1, &v, on ? CAP_SET : CAP_CLEAR);
	if (!ret)
		ret = cap_set_proc(c);
	cap_free(c);
	return ret;
}

/* covers: USER-14 */
TEST_F(setfcap, user_14_mapping_parent_root_needs_setfcap_in_writer_ns)
{
	unsigned long first, lower, count;

	ASSERT_PARK(&self->child, 0);
	ASSERT_EQ(0, set_cap_eff(CAP_SETFCAP, false)) TH_LOG("%m");
	EXPECT_EQ(EPERM, user_write_errno(self->child.pid, "uid_map", "0 0 1\n"));
	ASSERT_EQ(0, set_cap_eff(CAP_SETFCAP, true)) TH_LOG("%m");
	EXPECT_EQ(0, user_write_errno(self->child.pid, "uid_map", "0 0 1\n"))
		TH_LOG("%m");
	ASSERT_EQ(0, user_map_line(self->child.pid, "uid_map", &first, &lower,
				   &count));
	EXPECT_EQ(0, lower);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

static int self_map_root(int sock, void *arg)
{
	bool with_cap = arg != NULL;
	int rc;

	if (!with_cap)
		CHILD_ASSERT(!set_cap_eff(CAP_SETFCAP, false), "%m");
	CHILD_ASSERT(!unshare(CLONE_NEWUSER), "%m");
	rc = user_write_errno(0, "uid_map", "0 0 1\n");
	if (with_cap)
		CHILD_ASSERT(rc == 0, "creator had CAP_SETFCAP: errno %d", rc);
	else
		CHILD_ASSERT(rc == EPERM, "creator lacked CAP_SETFCAP: errno %d", rc);
	return 0;
}

/* covers: USER-14 */
TEST_F(setfcap, user_14_self_mapping_root_needs_creator_setfcap)
{

	ASSERT_CHILD_RUN(0, self_map_root, NULL);
	ASSERT_CHILD_RUN(0, self_map_root, (void *)1);
}

/*
 * G maps its uid 5 to P's 0 ("5 0 1"), so the views differ: read from
 * inside G the lower id is P's (0), not G's own (5); P, the parent, also
 * sees 0; we, two levels up, see our own uid.
 */
struct view {
	unsigned long self_first, self_lower, parent_lower;
};

/* G: reads its own uid_map once P has written it. */
static int view_from_inside(int sock, void *arg)
{
	unsigned long v[2], n;

	CHILD_ASSERT(nsc_recv_byte(sock) == 'm', "no map");
	CHILD_ASSERT(!user_map_line(0, "uid_map", &v[0], &v[1], &n), "%m");
	CHILD_ASSERT(!nsc_send_buf(sock, v, sizeof(v)), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

/* P: makes G, maps it, collects G's view of itself and P's view of G. */
static int view_grandchild(int sock, void *arg)
{
	struct nsc_child g = NSC_CHILD_INIT;
	unsigned long f, l, n, gv[2];
	struct view v;

	CHILD_ASSERT(nsc_recv_byte(sock) == 'm', "no maps");
	CHILD_ASSERT(!nsc_child_start(&g, CLONE_NEWUSER, view_from_inside, NULL),
		     "%m");
	CHILD_ASSERT(!user_write_errno(g.pid, "uid_map", "5 0 1\n"), "%m");
	CHILD_ASSERT(!nsc_send_byte(g.sock, 'm'), "%m");
	CHILD_ASSERT(nsc_recv_buf(g.sock, gv, sizeof(gv)) == sizeof(gv),
		     "G's own view: %m");
	v.self_first = gv[0];
	v.self_lower = gv[1];
	/* P's view: P is G's parent ns */
	CHILD_ASSERT(!user_map_line(g.pid, "uid_map", &f, &l, &n), "%m");
	v.parent_lower = l;
	CHILD_ASSERT(!nsc_send_buf(sock, &v, sizeof(v)), "%m");
	CHILD_ASSERT(!nsc_send_buf(sock, &g.pid, sizeof(g.pid)), "%m");
	CHILD_ASSERT(nsc_recv_byte(sock) == 'x', "no go");
	nsc_send_byte(g.sock, 'x');
	CHILD_ASSERT(nsc_child_wait(&g) == 0, "grandchild");
	return 0;
}

static int read_from_sibling(int sock, void *arg)
{
	pid_t g;
	unsigned long f, l, n;

	CHILD_ASSERT(nsc_recv_buf(sock, &g, sizeof(g)) == sizeof(g), "%m");
	CHILD_ASSERT(!user_map_line(g, "uid_map", &f, &l, &n), "%m");
	CHILD_ASSERT(l == 4294967295UL, "unmappable range shows %lu", l);
	return 0;
}

/* covers: USER-15 */
TEST(user_15_map_view_depends_on_reader)
{
	struct nsc_child p = NSC_CHILD_INIT, s = NSC_CHILD_INIT;
	unsigned long f, l, n;
	struct view v;
	pid_t g;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_DROP_PRIVS();
	/* P: 0 -> our uid; G inside P: 0 -> P's 0 */
	ASSERT_CHILD_START(&p, CLONE_NEWUSER, view_grandchild, NULL);
	ASSERT_EQ(0, nsc_map_root_to(p.pid, geteuid(), getegid())) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(p.sock, 'm'));
	ASSERT_EQ(sizeof(v), nsc_recv_buf(p.sock, &v, sizeof(v)));
	ASSERT_EQ(sizeof(g), nsc_recv_buf(p.sock, &g, sizeof(g)));
	/* inside G: G's first id, its parent's (P's) lower id, not G's 5 */
	EXPECT_EQ(5, v.self_first);
	EXPECT_EQ(0, v.self_lower) TH_LOG("G reads its own lower id in G's terms");
	EXPECT_EQ(0, v.parent_lower) TH_LOG("P reads G's lower id in P's terms");
	/* from here, two levels up: our own uid */
	ASSERT_EQ(0, user_map_line(g, "uid_map", &f, &l, &n));
	EXPECT_EQ(5, f);
	EXPECT_EQ(geteuid(), l);
	EXPECT_EQ(1, n);
	/* from an unmapped sibling ns, the lower id cannot be shown */
	ASSERT_CHILD_START(&s, CLONE_NEWUSER, read_from_sibling, NULL);
	ASSERT_EQ(0, nsc_send_buf(s.sock, &g, sizeof(g)));
	ASSERT_CHILD_OK(&s);
	ASSERT_EQ(0, nsc_send_byte(p.sock, 'x'));
	ASSERT_CHILD_OK(&p);
}

/* SKIP reason unless projids [lo, lo+n) are mapped in our user ns: the
 * initial one maps them all; one we run in may have no projid_map at all
 * (unshare -Ur, rootless podman write none). */
static const char *projids_here(unsigned long lo, unsigned long n)
{
	static char why[160];
	char buf[4096], *p = buf;
	unsigned long f, l, c;
	int used;

	if (user_read_pid(0, "projid_map", buf, sizeof(buf)) < 0)
		return NULL;	/* the test's own reads fail loudly */
	while (sscanf(p, "%lu %lu %lu%n", &f, &l, &c, &used) == 3) {
		if (lo >= f && lo + n <= f + c)
			return NULL;
		p += used;
	}
	snprintf(why, sizeof(why), "projids %lu-%lu are not mapped in this user "
		 "namespace (its projid_map: '%.60s')", lo, lo + n - 1, buf);
	return why;
}

/* covers: USER-33 */
TEST(user_33_projid_map_write_once_and_validated)
{
	struct nsc_child c = NSC_CHILD_INIT;
	unsigned long f, l, n;
	char buf[64];

	NSC_REQUIRE(nsc_need_userns());
	NSC_REQUIRE(projids_here(1000, 100));
	ASSERT_DROP_PRIVS();
	ASSERT_PARK(&c, 0);
	EXPECT_EQ(EINVAL, user_write_errno(c.pid, "projid_map", "0 0 0\n"));
	EXPECT_EQ(EINVAL, user_write_errno(c.pid, "projid_map",
					   "0 0 10\n5 100 10\n"));
	EXPECT_EQ(EINVAL, user_write_errno(c.pid, "projid_map", "x 0 1\n"));
	EXPECT_EQ(0, user_read_pid(c.pid, "projid_map", buf, sizeof(buf)));
	/* project ids need no privilege: a range of ids is fine */
	EXPECT_EQ(0, user_write_errno(c.pid, "projid_map", "0 1000 100\n"))
		TH_LOG("%m");
	EXPECT_EQ(EPERM, user_write_errno(c.pid, "projid_map", "0 1000 100\n"));
	ASSERT_EQ(0, user_map_line(c.pid, "projid_map", &f, &l, &n));
	EXPECT_EQ(1000, l);
	EXPECT_EQ(100, n);
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
}

/* Child with projid_map 0 1000 100: maps a grandchild's projids. */
static int projid_parent_rules(int sock, void *arg)
{
	struct nsc_child g = NSC_CHILD_INIT;
	int rc;

	CHILD_ASSERT(nsc_recv_byte(sock) == 'm', "no maps");
	CHILD_ASSERT(!user_park_start(&g, 0), "%m");
	rc = user_write_errno(g.pid, "projid_map", "0 500 1\n");
	CHILD_ASSERT(rc == EPERM, "projid 500 unmapped in the parent: errno %d", rc);
	rc = user_write_errno(g.pid, "projid_map", "0 10 5\n");
	CHILD_ASSERT(rc == 0, "projids 10-14 mapped in the parent: errno %d", rc);
	/* tell the parent G's pid, then wait while a sibling tries it */
	CHILD_ASSERT(!nsc_send_buf(sock, &g.pid, sizeof(g.pid)), "%m");
	CHILD_ASSERT(nsc_recv_byte(sock) == 'x', "no go");
	nsc_send_byte(g.sock, 'x');
	CHILD_ASSERT(nsc_child_wait(&g) == 0, "grandchild");
	return 0;
}

static int projid_sibling(int sock, void *arg)
{
	pid_t t;
	char path[64];
	int fd;

	CHILD_ASSERT(nsc_recv_buf(sock, &t, sizeof(t)) == sizeof(t), "%m");
	snprintf(path, sizeof(path), "/proc/%d/projid_map", t);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	CHILD_ASSERT(fd >= 0, "open %s: %m", path);
	errno = 0;
	CHILD_ASSERT(write(fd, "0 0 1\n", 6) == -1 && errno == EPERM,
		     "sibling write: errno %d", errno);
	close(fd);
	return 0;
}

/* covers: USER-33 */
TEST(user_33_projid_map_writer_and_parent_rules)
{
	struct nsc_child c = NSC_CHILD_INIT, s = NSC_CHILD_INIT, t = NSC_CHILD_INIT;
	pid_t g;

	NSC_REQUIRE(nsc_need_userns());
	NSC_REQUIRE(projids_here(1000, 100));
	ASSERT_DROP_PRIVS();
	ASSERT_CHILD_START(&c, CLONE_NEWUSER, projid_parent_rules, NULL);
	ASSERT_EQ(0, nsc_map_root_to(c.pid, geteuid(), getegid())) TH_LOG("%m");
	ASSERT_EQ(0, user_write_errno(c.pid, "projid_map", "0 1000 100\n"))
		TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'm'));
	ASSERT_EQ(sizeof(g), nsc_recv_buf(c.sock, &g, sizeof(g)));
	/* a sibling user ns of the target's parent cannot write it */
	ASSERT_PARK(&t, 0);
	ASSERT_CHILD_START(&s, CLONE_NEWUSER, projid_sibling, NULL);
	ASSERT_EQ(0, nsc_send_buf(s.sock, &t.pid, sizeof(t.pid)));
	ASSERT_CHILD_OK(&s);
	ASSERT_EQ(0, nsc_send_byte(t.sock, 'x'));
	ASSERT_CHILD_OK(&t);
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
}

TEST_HARNESS_MAIN
