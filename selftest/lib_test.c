// SPDX-License-Identifier: GPL-2.0
/* Unit tests of lib/ and harness/ helpers (run by `make check`). */
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "nsc_harness.h"

TEST(lib_nstype_table_matches_proc)
{
	for (int i = 0; i < NSC_NS_COUNT; i++) {
		const struct nsc_nstype *t = &nsc_nstypes[i];

		EXPECT_EQ(t, nsc_nstype_by_name(t->name));
		EXPECT_EQ(t, nsc_nstype_by_flag(t->flag));
		EXPECT_LE(0, nsc_nslink_index(t->name));
	}
	EXPECT_EQ(NULL, nsc_nstype_by_name("nope"));
}

TEST(lib_snapshot_diff_names_changed_links)
{
	struct nsc_ns_snap a, b;
	char buf[128];

	ASSERT_EQ(0, nsc_ns_snapshot(0, &a));
	b = a;
	b.ino[nsc_nslink_index("uts")]++;
	b.ino[nsc_nslink_index("net")]++;
	ASSERT_EQ((1u << nsc_nslink_index("net")) | (1u << nsc_nslink_index("uts")),
		  nsc_ns_snap_diff(&a, &b));
	EXPECT_STREQ("net,uts", nsc_ns_mask_str(nsc_ns_snap_diff(&a, &b), buf, sizeof(buf)));
	EXPECT_STREQ("(none)", nsc_ns_mask_str(0, buf, sizeof(buf)));
}

TEST(lib_run_captures_output_and_status)
{
	struct nsc_run r;

	ASSERT_EQ(0, nsc_run(&r, "sh", "-c", "echo out; echo err >&2; exit 3", NULL));
	EXPECT_EQ(3, r.exit_code);
	EXPECT_STREQ("out\n", r.out);
	EXPECT_STREQ("err\n", r.err);
	EXPECT_EQ(-1, nsc_run(&r, "nsc-no-such-tool", NULL));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(0, nsc_run_rc(&r, "true", NULL));
}

TEST(lib_files_and_sysctl_restore)
{
	char path[] = "/tmp/nsc-libtest-XXXXXX", buf[64];
	struct nsc_sysctl s;
	long v;
	int fd = mkstemp(path);

	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, nsc_write_long(path, 42));
	ASSERT_EQ(0, nsc_sysctl_save(&s, path));
	ASSERT_EQ(0, nsc_write_file(path, "7\n"));
	ASSERT_EQ(0, nsc_read_long(path, &v));
	EXPECT_EQ(7, v);
	ASSERT_EQ(0, nsc_sysctl_restore(&s));
	ASSERT_EQ(0, nsc_read_line(path, buf, sizeof(buf)));
	EXPECT_STREQ("42", buf);
	unlink(path);
}

TEST(lib_uniq_names_differ)
{
	char a[32], b[32];

	nsc_uniq(a, sizeof(a), "x-");
	nsc_uniq(b, sizeof(b), "x-");
	EXPECT_STRNE(a, b);
}

TEST(lib_fd_passing_and_bytes)
{
	struct stat st1, st2;
	int sv[2], fd;

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	fd = open("/proc/self/ns/uts", O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, nsc_send_fd(sv[0], fd));
	ASSERT_EQ(0, nsc_send_byte(sv[0], 'z'));
	int got = nsc_recv_fd(sv[1]);
	ASSERT_LE(0, got);
	ASSERT_EQ(0, fstat(fd, &st1));
	ASSERT_EQ(0, fstat(got, &st2));
	EXPECT_EQ(st1.st_ino, st2.st_ino);
	EXPECT_EQ('z', nsc_recv_byte(sv[1]));
	close(sv[0]);
	EXPECT_EQ(-1, nsc_recv_byte(sv[1]));
	EXPECT_EQ(EPIPE, errno);
}

/* mountinfo parsing, including an escaped space, on a private tmpfs */
static int mountinfo_child(int sock, void *arg)
{
	struct nsc_mountinfo m;

	CHILD_ASSERT(!nsc_sandbox_tmpfs("/tmp"), "%m");
	CHILD_ASSERT(!mkdir("/tmp/a b", 0755), "%m");
	CHILD_ASSERT(!mount("nsc-t", "/tmp/a b", "tmpfs", 0, NULL), "%m");
	CHILD_ASSERT(!mount(NULL, "/tmp/a b", NULL, MS_SHARED, NULL), "%m");
	CHILD_ASSERT(!nsc_mountinfo_find(0, "/tmp/a b", &m), "%m");
	CHILD_ASSERT(!strcmp(m.fstype, "tmpfs"), "%s", m.fstype);
	CHILD_ASSERT(!strcmp(m.source, "nsc-t"), "%s", m.source);
	CHILD_ASSERT(nsc_mnt_tag(&m, "shared") > 0, "optional '%s'", m.optional);
	CHILD_ASSERT(nsc_mnt_tag(&m, "master") == 0, "optional '%s'", m.optional);
	CHILD_ASSERT(nsc_mountinfo_count(0) > 2, "count");
	return 0;
}

TEST(lib_mountinfo_parses_escapes_and_tags)
{
	struct nsc_child c = NSC_CHILD_INIT;

	NSC_REQUIRE(nsc_priv_probe(geteuid() ? NSC_PRIV_USERNS : NSC_PRIV_ROOT));
	ASSERT_CHILD_START(&c, geteuid() ? CLONE_NEWUSER : 0, mountinfo_child, NULL);
	ASSERT_CHILD_OK(&c);
}

static int skipper(int sock, void *arg)
{
	CHILD_SKIP("child says %s", "why");
}

TEST(harness_child_skip_reason_reaches_parent)
{
	struct nsc_child c = NSC_CHILD_INIT;

	ASSERT_CHILD_START(&c, 0, skipper, NULL);
	ASSERT_EQ(NSC_SKIP_RC, nsc_child_wait(&c));
	EXPECT_STREQ("child says why", nsc_skip_reason());
}

static int failer(int sock, void *arg)
{
	CHILD_ASSERT(1 == 2, "deliberate");
	return 0;
}

TEST(harness_child_failure_is_nonzero)
{
	struct nsc_child c = NSC_CHILD_INIT;

	ASSERT_CHILD_START(&c, 0, failer, NULL);
	ASSERT_EQ(1, nsc_child_wait(&c));
}

static int waiter(int sock, void *arg)
{
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

TEST(harness_child_kill_reaps)
{
	struct nsc_child c = NSC_CHILD_INIT;
	pid_t pid;

	ASSERT_CHILD_START(&c, 0, waiter, NULL);
	pid = c.pid;
	nsc_child_kill(&c);
	EXPECT_EQ(-1, c.pid);
	EXPECT_EQ(-1, kill(pid, 0));
	EXPECT_EQ(ESRCH, errno);
}

TEST(harness_probes_give_reasons)
{
	const char *why = nsc_need_tool("nsc-no-such-tool");

	ASSERT_NE(NULL, why);
	EXPECT_NE(NULL, strstr(why, "nsc-no-such-tool"));
	EXPECT_EQ(NULL, nsc_need_tool("sh"));
	if (geteuid() != 0)
		EXPECT_NE(NULL, nsc_need_root());
}

TEST_HARNESS_MAIN
