// SPDX-License-Identifier: GPL-2.0
/* Unit tests of lib/ and harness/ helpers (run by `make check`). */
#include <poll.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

#include "nsc_harness.h"
#include "nl.h"

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

TEST(lib_spawn_maps_fds_keeps_mask_and_reports_exec_errno)
{
	char *argv[] = { "sh", "-c", "echo spawned", NULL };
	char *noexec[] = { "hostname-file", NULL };
	sigset_t set, after;
	int p[2], fds[3], st;
	char buf[32] = "";
	pid_t pid;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	ASSERT_EQ(0, sigprocmask(SIG_BLOCK, &set, NULL));
	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	fds[0] = -1;
	fds[1] = p[1];
	fds[2] = -1;
	pid = nsc_spawn("/bin/sh", argv, fds, 0);
	ASSERT_LT(0, pid) TH_LOG("spawn: %m");
	close(p[1]);
	EXPECT_LT(0, read(p[0], buf, sizeof(buf) - 1));
	EXPECT_STREQ("spawned\n", buf);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	ASSERT_EQ(0, sigprocmask(SIG_SETMASK, NULL, &after));
	EXPECT_TRUE(sigismember(&after, SIGUSR1));
	EXPECT_FALSE(sigismember(&after, SIGTERM));
	/* a file that is not executable: -1 with exec's errno, nothing left */
	fds[1] = -1;
	EXPECT_EQ(-1, nsc_spawn("/proc/self/status", noexec, fds, 0));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(-1, waitpid(-1, NULL, WNOHANG));
	EXPECT_EQ(ECHILD, errno);
}

/* The helper spawns sleep with NSC_SPAWN_PDEATHSIG, hands us its pid and
 * exits when told: the sleep must die with it. */
static int spawn_sleeper(int sock, void *arg)
{
	char *argv[] = { "sleep", "30", NULL };
	int fds[3] = { -1, -1, -1 };
	pid_t pid = nsc_spawn("/bin/sleep", argv, fds, NSC_SPAWN_PDEATHSIG);

	CHILD_ASSERT(pid > 0, "spawn: %m");
	CHILD_ASSERT(!nsc_send_buf(sock, &pid, sizeof(pid)), "%m");
	CHILD_ASSERT(nsc_recv_byte(sock) == 'x', "no go");
	return 0;
}

TEST(lib_spawn_pdeathsig_child_dies_with_caller)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct pollfd pfd = { .events = POLLIN };
	pid_t sleeper;

	ASSERT_CHILD_START(&c, 0, spawn_sleeper, NULL);
	ASSERT_EQ(sizeof(sleeper), nsc_recv_buf(c.sock, &sleeper, sizeof(sleeper)));
	pfd.fd = nsc_pidfd_open(sleeper, 0);
	ASSERT_LE(0, pfd.fd) TH_LOG("pidfd_open(%d): %m", sleeper);
	EXPECT_EQ(0, poll(&pfd, 1, 0)) TH_LOG("sleep ended before its parent");
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
	EXPECT_EQ(1, poll(&pfd, 1, 5000)) TH_LOG("sleep outlived its parent");
	close(pfd.fd);
}

struct run_probe {
	ino_t uts, time, time_for_children;
	char host[65];
	int dumpable;
	int nested;
};

static struct run_probe *shared_probe(void)
{
	struct run_probe *p = mmap(NULL, sizeof(*p), PROT_READ | PROT_WRITE,
				   MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* Records the child's namespaces; renames the host only in a uts ns of its
 * own (never in ours: this runs outside any sandbox). */
static int record(int sock, void *arg)
{
	struct run_probe *p = arg;
	ino_t theirs = nsc_ns_ino(getppid(), "uts");

	p->uts = nsc_ns_ino(0, "uts");
	p->time = nsc_ns_ino(0, "time");
	if (!p->uts || !theirs || p->uts == theirs)
		return 3;
	CHILD_ASSERT(!sethostname("nsc-run-child", 13), "%m");
	gethostname(p->host, sizeof(p->host));
	return 3;
}

static int suicide(int sock, void *arg)
{
	raise(SIGKILL);
	return 0;
}

static int nested(int sock, void *arg)
{
	struct run_probe *p = arg;

	p->nested = nsc_child_run(CLONE_NEWUTS, record, p);
	return 0;
}

TEST(harness_child_run_reports_and_isolates)
{
	struct run_probe *p = shared_probe();
	struct utsname before, after;

	ASSERT_NE(NULL, p);
	NSC_REQUIRE(nsc_need_root());
	ASSERT_EQ(0, uname(&before));
	EXPECT_EQ(3, nsc_child_run(CLONE_NEWUTS, record, p));
	EXPECT_NE(0, p->uts);
	EXPECT_NE(nsc_ns_ino(0, "uts"), p->uts);
	EXPECT_STREQ("nsc-run-child", p->host);
	ASSERT_EQ(0, uname(&after));
	EXPECT_STREQ(before.nodename, after.nodename);
	EXPECT_EQ(128 + SIGKILL, nsc_child_run(0, suicide, NULL));
	EXPECT_EQ(NSC_SKIP_RC, nsc_child_run(0, skipper, NULL));
	EXPECT_EQ(1, nsc_child_run(0, failer, NULL));
	/* nested runs get stacks of their own */
	p->uts = 0;
	EXPECT_EQ(0, nsc_child_run(0, nested, p));
	EXPECT_EQ(3, p->nested);
	EXPECT_NE(0, p->uts);
}

static int drop_uid(int sock, void *arg)
{
	CHILD_ASSERT(!setresuid(65534, 65534, 65534), "%m");
	return prctl(PR_GET_DUMPABLE) == 1;	/* suid_dumpable is usually 0 */
}

TEST(harness_child_run_leaves_caller_dumpable)
{
	NSC_REQUIRE(nsc_need_root());
	ASSERT_EQ(1, prctl(PR_GET_DUMPABLE));
	ASSERT_LE(0, nsc_child_run(0, drop_uid, NULL));
	EXPECT_EQ(1, prctl(PR_GET_DUMPABLE));
}

/* A CLONE_VM child would stay in our time namespace: with CLONE_NEWTIME,
 * or after our unshare(CLONE_NEWTIME), the child must be in the new one. */
TEST(harness_child_run_time_ns_children_get_the_new_ns)
{
	struct run_probe *p = shared_probe();

	ASSERT_NE(NULL, p);
	NSC_REQUIRE(nsc_need_root());
	NSC_REQUIRE(nsc_need_nstype(&nsc_nstypes[NSC_NS_TIME]));
	ASSERT_LE(0, nsc_child_run(CLONE_NEWTIME, record, p));
	EXPECT_NE(0, p->time);
	EXPECT_NE(nsc_ns_ino(0, "time"), p->time);
	ASSERT_EQ(0, unshare(CLONE_NEWTIME)) TH_LOG("%m");
	p->time = 0;
	ASSERT_LE(0, nsc_child_run(0, record, p));
	EXPECT_EQ(nsc_ns_ino(0, "time_for_children"), p->time);
	EXPECT_NE(nsc_ns_ino(0, "time"), p->time);
}

#ifndef KCMP_VM
#define KCMP_VM 1
#endif

/* 0: same mm, 1: another, -1: no kcmp here */
static int same_mm(pid_t a, pid_t b)
{
	long r = syscall(SYS_kcmp, a, b, KCMP_VM, 0, 0);

	return r < 0 ? -1 : r != 0;
}

static void on_usr2(int sig)
{
}

TEST(harness_park_child_shares_mm_only_when_safe)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct sigaction sa = { .sa_handler = on_usr2 };
	int r;

	NSC_REQUIRE(nsc_need_root());
	ASSERT_CHILD_START(&c, CLONE_NEWUTS, nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(c.sock));
	EXPECT_NE(nsc_ns_ino(0, "uts"), nsc_ns_ino(c.pid, "uts"));
	r = same_mm(getpid(), c.pid);
	if (r < 0)
		SKIP(return, "kcmp: %m (CONFIG_KCMP off?)");
#if defined(__x86_64__)
	EXPECT_EQ(0, r) TH_LOG("a parked child has a copied mm");
	EXPECT_NE(NULL, c.vm_stack);
#endif
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
	EXPECT_EQ(NULL, c.vm_stack);
	/* closing our end ends it, as it does a forked one */
	ASSERT_CHILD_START(&c, 0, nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(c.sock));
	close(c.sock);
	c.sock = -1;
	EXPECT_EQ(1, nsc_child_wait(&c));
	/* killed while parked: reaped, its stack unmapped */
	ASSERT_CHILD_START(&c, CLONE_NEWUTS, nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(c.sock));
	nsc_child_kill(&c);
	EXPECT_EQ(NULL, c.vm_stack);
	/* a caught signal, a time namespace, or other flags: a fork */
	ASSERT_EQ(0, sigaction(SIGUSR2, &sa, NULL));
	ASSERT_CHILD_START(&c, 0, nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(c.sock));
	EXPECT_EQ(1, same_mm(getpid(), c.pid));
	nsc_child_kill(&c);
	signal(SIGUSR2, SIG_DFL);
	if (nsc_need_nstype(&nsc_nstypes[NSC_NS_TIME]))
		return;
	ASSERT_CHILD_START(&c, CLONE_NEWTIME, nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(c.sock));
	EXPECT_EQ(1, same_mm(getpid(), c.pid));
	nsc_child_kill(&c);
}

/* 0 when we do not share our parent's mm (we were forked) */
static int forked(int sock, void *arg)
{
	return same_mm(getppid(), getpid()) == 1 ? 0 : 1;
}

static int no_proc_then_run(int sock, void *arg)
{
	CHILD_ASSERT(!unshare(CLONE_NEWNS | CLONE_NEWTIME), "%m");
	CHILD_ASSERT(!mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), "%m");
	CHILD_ASSERT(!mount("nsc", "/proc", "tmpfs", 0, NULL), "%m");
	/* time_for_children differs, and /proc cannot tell: a fork */
	CHILD_ASSERT(nsc_child_run(0, forked, NULL) == 0, "child shares our mm");
	return 0;
}

TEST(harness_child_run_forks_when_proc_cannot_tell)
{
	struct nsc_child c = NSC_CHILD_INIT;

	NSC_REQUIRE(nsc_need_root());
	NSC_REQUIRE(nsc_need_nstype(&nsc_nstypes[NSC_NS_TIME]));
	if (same_mm(getpid(), getpid()) < 0)
		SKIP(return, "kcmp: %m (CONFIG_KCMP off?)");
	ASSERT_CHILD_START(&c, 0, no_proc_then_run, NULL);
	ASSERT_CHILD_OK(&c);
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

/* lib/nl.c: veth pair, link lookup, nsid set/get, moving a link, and the
 * RTM_DELLINK of a peer when its netns dies; in a throwaway user+net ns. */
static int nl_child(int sock, void *arg)
{
	struct link_info a, b, gone;
	int here, other, ev, nsid, ret;

	here = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	CHILD_ASSERT(here >= 0, "open own netns: %m");
	ev = link_events_open();
	CHILD_ASSERT(ev >= 0, "link_events_open: %m");
	ret = veth_add("nla", "nlb", -1);
	CHILD_ASSERT(!ret, "veth_add: %s", strerror(-ret));
	CHILD_ASSERT(!link_get("nla", &a) && !link_get("nlb", &b), "link_get");
	CHILD_ASSERT(a.index > 0 && b.index > 0 && a.index != b.index &&
		     !strcmp(a.name, "nla") && b.link == a.index,
		     "nla %d, nlb %d (link %d)", a.index, b.index, b.link);
	CHILD_ASSERT(link_get("nl-none", &gone) == -ENODEV, "missing link");
	CHILD_ASSERT(!unshare(CLONE_NEWNET), "unshare(CLONE_NEWNET): %m");
	other = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	CHILD_ASSERT(other >= 0 && !setns(here, CLONE_NEWNET), "back: %m");
	CHILD_ASSERT(!nsid_get(other, &nsid) && nsid < 0, "no nsid yet: %d", nsid);
	CHILD_ASSERT(!nsid_set(other, 7), "RTM_NEWNSID");
	CHILD_ASSERT(!nsid_get(other, &nsid) && nsid == 7, "nsid %d", nsid);
	CHILD_ASSERT(nsid_set(other, 8) == -EEXIST, "a second nsid");
	CHILD_ASSERT(!link_move("nlb", other), "link_move");
	CHILD_ASSERT(link_get("nlb", &gone) == -ENODEV, "nlb still here");
	CHILD_ASSERT(!link_get("nla", &a) && a.link_netnsid == 7,
		     "nla's peer netnsid %d", a.link_netnsid);
	/* the last reference: its devices go, and nla with its peer */
	close(other);
	CHILD_ASSERT(!link_wait_deleted(ev, a.index), "no RTM_DELLINK: %m");
	return 0;
}

TEST(lib_nl_veth_nsid_move_and_events)
{
	NSC_REQUIRE(nsc_need_userns());
	ASSERT_CHILD_RUN(CLONE_NEWUSER | CLONE_NEWNET, nl_child, NULL);
}

/* The fixed inodes of the initial namespaces, from the type table: the
 * ones this process stands in (as the self-tests run, on the host) */
TEST(lib_nstype_init_ino_matches_initial_namespaces)
{
	static const unsigned long want[NSC_NS_COUNT] = {
		[NSC_NS_CGROUP] = 0xEFFFFFFB, [NSC_NS_IPC] = 0xEFFFFFFF,
		[NSC_NS_MNT] = 0xEFFFFFF8, [NSC_NS_NET] = 0xEFFFFFF9,
		[NSC_NS_PID] = 0xEFFFFFFC, [NSC_NS_TIME] = 0xEFFFFFFA,
		[NSC_NS_USER] = 0xEFFFFFFD, [NSC_NS_UTS] = 0xEFFFFFFE,
	};

	for (int i = 0; i < NSC_NS_COUNT; i++) {
		EXPECT_EQ(want[i], nsc_nstypes[i].init_ino)
			TH_LOG("%s", nsc_nstypes[i].name);
	}
	/* nsc_in_init_userns() decides from the table too: check it
	 * against the link's inode read here */
	EXPECT_EQ(nsc_in_init_userns(),
		  nsc_ns_ino(0, "user") == 0xEFFFFFFD);
}

/* NSC_RULES and NSC_REQUIRES: listed, looked up, checked in order. */
static const char *declared_probe(void)
{
	return "declared probe says no";
}

NSC_RULES(lib_decl_rules_and_requires, "UTS-02", "CORE-34");
NSC_REQUIRES(lib_decl_rules_and_requires, NSC_TOOL("sh"),
	     NSC_NSTYPES(CLONE_NEWUTS | CLONE_NEWIPC));
TEST(lib_decl_rules_and_requires)
{
	const char *const *ids = nsc_test_rules(_metadata->name);
	char buf[256] = "";
	FILE *f = fmemopen(buf, sizeof(buf) - 1, "w");

	ASSERT_NE(NULL, ids);
	EXPECT_STREQ("UTS-02", ids[0]);
	EXPECT_STREQ("CORE-34", ids[1]);
	EXPECT_EQ(NULL, ids[2]);
	EXPECT_EQ(NULL, nsc_test_rules("no_such_test"));
	ASSERT_NE(NULL, f);
	nsc_test_decl_print(_metadata->name, f);
	fclose(f);
	EXPECT_STREQ("UTS-02 CORE-34\ttool:sh ns:ipc ns:uts", buf);
	EXPECT_STREQ("declared probe says no",
		     nsc_test_requires_why("lib_decl_probe_skips", NULL));
}

NSC_REQUIRES(lib_decl_probe_skips, NSC_PROBE(declared_probe));
TEST(lib_decl_probe_skips)
{
	TH_LOG("the body ran although a requirement was not met");
	ASSERT_TRUE(false);
}

/* nsc_proc_stat: our own state and parent; a name with ") " cannot fool it */
TEST(lib_proc_stat_reads_state_and_parent)
{
	char state = 0;
	pid_t ppid = 0;

	ASSERT_EQ(0, prctl(PR_SET_NAME, "a) Z 1 (b"));
	ASSERT_EQ(0, nsc_proc_stat(0, &state, &ppid));
	EXPECT_EQ('R', state);
	EXPECT_EQ(getppid(), ppid);
	ASSERT_EQ(0, nsc_proc_stat(getpid(), &state, &ppid));
	EXPECT_EQ(getppid(), ppid);
	EXPECT_EQ(-1, nsc_proc_stat(0x3fffffff, &state, &ppid)); /* above PID_MAX_LIMIT */
}

TEST_HARNESS_MAIN
