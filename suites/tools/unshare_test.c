// SPDX-License-Identifier: GPL-2.0
/*
 * unshare(1) from util-linux against its documented behaviour.
 * Source: unshare(1), pid_namespaces(7), mount_namespaces(7),
 * time_namespaces(7). Effects are checked through /proc/PID/ns and
 * mountinfo; tool output is parsed only where it is what CMD prints.
 */
#include <linux/capability.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "nsc_harness.h"
#include "tools_util.h"

FIXTURE(unshare) {
	struct tproc tp;
	int inner_pidfd, sleeper_pidfd;
	char me[64];
};

FIXTURE_VARIANT(unshare) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(unshare);

FIXTURE_SETUP(unshare)
{
	self->tp = (struct tproc)TPROC_INIT;
	self->inner_pidfd = self->sleeper_pidfd = -EBADF;
	NSC_REQUIRE(nsc_need_tool("unshare"));
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_EQ(0, ns_link(0, "mnt", self->me, sizeof(self->me)));
}

FIXTURE_TEARDOWN(unshare)
{
	if (self->sleeper_pidfd >= 0)
		nsc_pidfd_send_signal(self->sleeper_pidfd, SIGKILL, NULL, 0);
	if (self->inner_pidfd >= 0)
		nsc_pidfd_send_signal(self->inner_pidfd, SIGKILL, NULL, 0);
	tproc_kill(&self->tp);
	/* leave nothing running behind the test (bounded) */
	if (self->inner_pidfd >= 0)
		nsc_pidfd_exited(self->inner_pidfd, 2000);
	if (self->sleeper_pidfd >= 0)
		nsc_pidfd_exited(self->sleeper_pidfd, 2000);
}

NSC_RULES(tools_01_m_runs_cmd_in_new_mount_ns, "TOOLS-01");
TEST_F(unshare, tools_01_m_runs_cmd_in_new_mount_ns)
{
	struct nsc_run r;
	char now[64];

	RUN_OK(&r, "unshare", "-m", "readlink", "/proc/self/ns/mnt");
	r.out[strcspn(r.out, "\n")] = '\0';
	ASSERT_EQ(0, strncmp(r.out, "mnt:[", 5)) TH_LOG("CMD printed '%s'", r.out);
	EXPECT_STRNE(self->me, r.out) TH_LOG("CMD ran in the caller's mount ns");
	ASSERT_EQ(0, ns_link(0, "mnt", now, sizeof(now)));
	EXPECT_STREQ(self->me, now);
}

/* Propagation seen at /tmp and over the whole table of a process. */
struct prop_scan {
	int tmp_shared, tmp_master;
	int shared, total;
};

static int prop_cb(const struct nsc_mountinfo *m, void *arg)
{
	struct prop_scan *s = arg;

	s->total++;
	if (nsc_mnt_tag(m, "shared"))
		s->shared++;
	if (!strcmp(m->mnt_point, "/tmp")) {
		s->tmp_shared = nsc_mnt_tag(m, "shared");
		s->tmp_master = nsc_mnt_tag(m, "master");
	}
	return 0;
}

static int scan_props(pid_t pid, struct prop_scan *s)
{
	memset(s, 0, sizeof(*s));
	return nsc_mountinfo_each(pid, prop_cb, s);
}

NSC_RULES(tools_02_propagation_private_by_default, "TOOLS-02");
TEST_F(unshare, tools_02_propagation_private_by_default)
{
	static const char *const opts[] = { NULL, "unchanged", "slave", "shared" };
	struct nsc_mountinfo tmp;
	struct prop_scan s;
	char *argv[8];
	int peer;

	ASSERT_EQ(0, nsc_sandbox_tmpfs("/tmp")) TH_LOG("sandbox /tmp: %m");
	ASSERT_EQ(0, mount(NULL, "/tmp", NULL, MS_SHARED, NULL)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_mountinfo_find(0, "/tmp", &tmp));
	peer = nsc_mnt_tag(&tmp, "shared");
	ASSERT_NE(0, peer);
	for (size_t i = 0; i < NSC_ARRAY_SIZE(opts); i++) {
		int a = 0;

		argv[a++] = "unshare";
		argv[a++] = "-m";
		if (opts[i]) {
			argv[a++] = "--propagation";
			argv[a++] = (char *)opts[i];
		}
		argv[a++] = "cat";
		argv[a] = NULL;
		ASSERT_EQ(0, tproc_spawn_cat(&self->tp, argv))
			TH_LOG("unshare --propagation %s: %m", opts[i] ?: "(default)");
		ASSERT_NE(nsc_ns_ino(0, "mnt"), nsc_ns_ino(self->tp.pid, "mnt"));
		ASSERT_EQ(0, scan_props(self->tp.pid, &s));
		if (!opts[i]) {
			EXPECT_EQ(0, s.shared) TH_LOG("default: %d shared mounts", s.shared);
		} else if (!strcmp(opts[i], "unchanged")) {
			EXPECT_EQ(peer, s.tmp_shared);
		} else if (!strcmp(opts[i], "slave")) {
			EXPECT_EQ(0, s.shared);
			EXPECT_EQ(peer, s.tmp_master);
		} else {
			EXPECT_EQ(s.total, s.shared)
				TH_LOG("shared: only %d of %d mounts", s.shared, s.total);
		}
		tproc_kill(&self->tp);
	}
}

/* Lines of `ps -o pid=,comm=` output equal to "PID COMM". */
static int ps_has(const char *out, int pid, const char *comm)
{
	char line[128], c[64];
	int n = 0, p;

	for (int i = 0; !nth_line(out, i, line, sizeof(line)); i++)
		if (sscanf(line, "%d %63s", &p, c) == 2 && p == pid &&
		    !strcmp(c, comm))
			n++;
	return n;
}

NSC_RULES(tools_03_mount_proc_cmd_is_pid_1, "TOOLS-03");
NSC_REQUIRES(tools_03_mount_proc_cmd_is_pid_1, NSC_TOOL("ps"));
TEST_F(unshare, tools_03_mount_proc_cmd_is_pid_1)
{
	struct nsc_run r;

	RUN_OK(&r, "unshare", "--pid", "--fork", "--mount-proc",
	       "ps", "-e", "-o", "pid=,comm=");
	EXPECT_EQ(1, count_lines(r.out)) TH_LOG("ps lists:\n%s", r.out);
	EXPECT_EQ(1, ps_has(r.out, 1, "ps")) TH_LOG("ps lists:\n%s", r.out);
	RUN_OK(&r, "unshare", "--pid", "--fork", "--mount-proc",
	       "sh", "-c", "ps -e -o pid=,comm=");
	EXPECT_EQ(2, count_lines(r.out)) TH_LOG("ps lists:\n%s", r.out);
	EXPECT_EQ(1, ps_has(r.out, 1, "sh")) TH_LOG("ps lists:\n%s", r.out);
	EXPECT_EQ(1, ps_has(r.out, 2, "ps")) TH_LOG("ps lists:\n%s", r.out);
}

NSC_RULES(tools_04_p_without_fork_first_child_is_init, "TOOLS-04");
TEST_F(unshare, tools_04_p_without_fork_first_child_is_init)
{
	char mine[64], line[64];
	struct nsc_run r;

	ASSERT_EQ(0, ns_link(0, "pid", mine, sizeof(mine)));
	/* sh is CMD; its only child, readlink, is the new ns's init */
	RUN_OK(&r, "unshare", "-p", "sh", "-c",
	       "readlink /proc/$$/ns/pid /proc/self/ns/pid");
	ASSERT_EQ(0, nth_line(r.out, 0, line, sizeof(line))) TH_LOG("%s", r.out);
	EXPECT_STREQ(mine, line) TH_LOG("CMD itself moved to another PID ns");
	ASSERT_EQ(0, nth_line(r.out, 1, line, sizeof(line)));
	EXPECT_STRNE(mine, line) TH_LOG("CMD's child is in the caller's PID ns");
	EXPECT_EQ(0, strncmp(line, "pid:[", 5)) TH_LOG("'%s'", line);

	/* The first /bin/true is the ns init; once it has exited, the next
	 * fork fails ENOMEM (bash prints the errno; dash does not). */
	NSC_REQUIRE(nsc_need_tool("bash"));
	RUN_ANY(&r, "unshare", "-p", "bash", "-c",
		"/bin/true; /bin/true; /bin/true");
	EXPECT_NE(NULL, strstr(r.err, "fork: Cannot allocate memory"))
		TH_LOG("stderr: %s", r.err);
}

NSC_RULES(tools_05_pid_fork_keeps_old_proc, "TOOLS-05");
TEST_F(unshare, tools_05_pid_fork_keeps_old_proc)
{
	char mine[64], line[64], me[16];
	struct nsc_run r;

	ASSERT_EQ(0, ns_link(0, "pid", mine, sizeof(mine)));
	RUN_OK(&r, "unshare", "--pid", "--fork", "sh", "-c",
	       "readlink /proc/self/ns/pid; ls /proc");
	ASSERT_EQ(0, nth_line(r.out, 0, line, sizeof(line)));
	EXPECT_STRNE(mine, line) TH_LOG("no new PID ns");
	/* the outer namespace's processes, this test among them, are listed */
	snprintf(me, sizeof(me), "%d", (int)getpid());
	EXPECT_EQ(1, count_lines_eq(r.out, me)) TH_LOG("own pid %s missing", me);
	EXPECT_LT(3, count_lines(r.out));
}

NSC_RULES(tools_06_mount_proc_is_private_and_host_proc_intact, "TOOLS-06");
TEST_F(unshare, tools_06_mount_proc_is_private_and_host_proc_intact)
{
	char *argv[] = { "unshare", "--pid", "--fork", "--mount-proc", "cat", NULL };
	struct nsc_mountinfo before, after, inner;
	char path[64];
	pid_t cat;

	ASSERT_EQ(0, nsc_mountinfo_find(0, "/proc", &before));
	/* unshare(1) fails inside: its error is not ours to explain */
	NSC_REQUIRE(nsc_need_nstypes(CLONE_NEWNS | CLONE_NEWPID));
	ASSERT_EQ(0, tproc_spawn_cat(&self->tp, argv)) TH_LOG("%m");
	cat = proc_child_of(self->tp.pid);
	ASSERT_LT(0, cat) TH_LOG("unshare has no child: %m");
	self->inner_pidfd = nsc_pidfd_open(cat, 0);
	ASSERT_NE(nsc_ns_ino(0, "mnt"), nsc_ns_ino(cat, "mnt"));
	ASSERT_EQ(0, nsc_mountinfo_find(cat, "/proc", &inner));
	EXPECT_STREQ("proc", inner.fstype);
	EXPECT_NE(before.id, inner.id) TH_LOG("CMD sees the caller's /proc");
	EXPECT_EQ(0, nsc_mnt_tag(&inner, "shared")) TH_LOG("'%s'", inner.optional);
	/* ours: same mount, still showing our namespace's processes */
	ASSERT_EQ(0, nsc_mountinfo_find(0, "/proc", &after));
	EXPECT_EQ(before.id, after.id);
	snprintf(path, sizeof(path), "/proc/%d", (int)getpid());
	EXPECT_EQ(0, access(path, F_OK)) TH_LOG("%s: %m", path);
}

NSC_RULES(tools_07_user_without_map_is_overflow_id, "TOOLS-07");
TEST_F(unshare, tools_07_user_without_map_is_overflow_id)
{
	char mine[64], line[64], want[16];
	struct nsc_run r;

	ASSERT_EQ(0, ns_link(0, "user", mine, sizeof(mine)));
	RUN_OK(&r, "unshare", "--user", "sh", "-c",
	       "id -u; id -g; readlink /proc/self/ns/user");
	ASSERT_EQ(0, nth_line(r.out, 0, line, sizeof(line))) TH_LOG("%s", r.out);
	snprintf(want, sizeof(want), "%d", nsc_overflow_uid());
	EXPECT_STREQ(want, line);
	ASSERT_EQ(0, nth_line(r.out, 1, line, sizeof(line)));
	snprintf(want, sizeof(want), "%d", nsc_overflow_gid());
	EXPECT_STREQ(want, line);
	ASSERT_EQ(0, nth_line(r.out, 2, line, sizeof(line)));
	EXPECT_EQ(0, strncmp(line, "user:[", 6)) TH_LOG("'%s'", line);
	EXPECT_STRNE(mine, line);
}

/* Runs `unshare -r|-c` as an ordinary uid (real root drops to 65534 first,
 * standing in for the man page's uid 1000) and checks the maps. */
static int map_user_child(int sock, void *arg)
{
	bool root_map = *(const bool *)arg;
	char line[128], want[64], mine[64];
	struct nsc_run r;

	if (!nsc_need_root())
		CHILD_ASSERT(!nsc_drop_to_nobody(), "%m");
	CHILD_ASSERT(!ns_link(0, "user", mine, sizeof(mine)), "%m");
	CHILD_ASSERT(!nsc_run(&r, "unshare", root_map ? "-r" : "-c", "sh", "-c",
			      "readlink /proc/self/ns/user; cat /proc/self/uid_map "
			      "/proc/self/gid_map /proc/self/setgroups; id -un",
			      NULL) && r.exit_code == 0, "unshare: %d %s",
		     r.exit_code, r.err);
	CHILD_ASSERT(!nth_line(r.out, 0, line, sizeof(line)) &&
		     strcmp(line, mine) && !strncmp(line, "user:[", 6),
		     "user link '%s' (caller %s)", line, mine);
	/* uid_map: "0 UID 1" (-r) or "UID UID 1" (-c) */
	snprintf(want, sizeof(want), "%u %u 1", root_map ? 0 : geteuid(), geteuid());
	CHILD_ASSERT(!nth_line(r.out, 1, line, sizeof(line)), "%s", r.out);
	{
		unsigned int a, b, c;
		char got[64];

		CHILD_ASSERT(sscanf(line, "%u %u %u", &a, &b, &c) == 3, "'%s'", line);
		snprintf(got, sizeof(got), "%u %u %u", a, b, c);
		CHILD_ASSERT(!strcmp(got, want), "uid_map '%s', want '%s'", got, want);
		snprintf(want, sizeof(want), "%u %u 1", root_map ? 0 : getegid(),
			 getegid());
		CHILD_ASSERT(!nth_line(r.out, 2, line, sizeof(line)) &&
			     sscanf(line, "%u %u %u", &a, &b, &c) == 3, "%s", r.out);
		snprintf(got, sizeof(got), "%u %u %u", a, b, c);
		CHILD_ASSERT(!strcmp(got, want), "gid_map '%s', want '%s'", got, want);
	}
	CHILD_ASSERT(!nth_line(r.out, 3, line, sizeof(line)) &&
		     !strcmp(line, "deny"), "setgroups '%s'", line);
	if (root_map)
		CHILD_ASSERT(!nth_line(r.out, 4, line, sizeof(line)) &&
			     !strcmp(line, "root"), "id -un '%s'", line);
	return 0;
}

NSC_RULES(tools_08_map_root_user_maps_euid_to_0, "TOOLS-08");
NSC_REQUIRES(tools_08_map_root_user_maps_euid_to_0,
	     NSC_TOOL("unshare"), NSC_USERNS);
TEST(tools_08_map_root_user_maps_euid_to_0)
{
	struct nsc_child c = NSC_CHILD_INIT;
	bool root_map = true;

	ASSERT_CHILD_START(&c, 0, map_user_child, &root_map);
	ASSERT_CHILD_OK(&c);
}

NSC_RULES(tools_09_map_current_user_maps_euid_to_itself, "TOOLS-09");
NSC_REQUIRES(tools_09_map_current_user_maps_euid_to_itself,
	     NSC_TOOL("unshare"), NSC_USERNS);
TEST(tools_09_map_current_user_maps_euid_to_itself)
{
	struct nsc_child c = NSC_CHILD_INIT;
	bool root_map = false;

	ASSERT_CHILD_START(&c, 0, map_user_child, &root_map);
	ASSERT_CHILD_OK(&c);
}

/*
 * The ns init (sh) starts a sleeper, says "ready" and blocks on stdin; if
 * it survives it answers "alive" when we write to it. Returns with the
 * pidfds of init and sleeper in self. After answering "alive", init waits
 * on stdin again, so the namespace lives until the test has looked.
 */
static void start_pidns_tree(struct __test_metadata *_metadata,
			     FIXTURE_DATA(unshare) *self, bool kill_child)
{
	char *argv[] = { "unshare", "--pid", "--fork", "--mount-proc",
			 kill_child ? "--kill-child" : "--fork", "sh", "-c",
			 "sleep 555 & echo ready; read x; echo alive; read y", NULL };
	char line[32];
	pid_t init, sleeper;

	ASSERT_EQ(0, tproc_spawn(&self->tp, argv)) TH_LOG("%m");
	ASSERT_EQ(0, tproc_readline(&self->tp, line, sizeof(line), 5000))
		TH_LOG("no ready line: %m");
	ASSERT_STREQ("ready", line);
	init = proc_child_of(self->tp.pid);
	ASSERT_LT(0, init) TH_LOG("unshare has no child: %m");
	self->inner_pidfd = nsc_pidfd_open(init, 0);
	ASSERT_LE(0, self->inner_pidfd) TH_LOG("pidfd of %d: %m", init);
	sleeper = proc_child_of(init);
	ASSERT_LT(0, sleeper) TH_LOG("init %d has no child: %m", init);
	self->sleeper_pidfd = nsc_pidfd_open(sleeper, 0);
	ASSERT_LE(0, self->sleeper_pidfd) TH_LOG("pidfd of %d: %m", sleeper);
	ASSERT_NE(nsc_ns_ino(0, "pid"), nsc_ns_ino(sleeper, "pid"));
	/* kill unshare(1) itself and reap it */
	ASSERT_EQ(0, nsc_pidfd_send_signal(self->tp.pidfd, SIGKILL, NULL, 0));
	ASSERT_EQ(SIGKILL, WTERMSIG(tproc_wait(&self->tp, 5000)));
}

NSC_RULES(tools_10_kill_child_kills_the_pid_ns, "TOOLS-10");
NSC_REQUIRES(tools_10_kill_child_kills_the_pid_ns,
	     NSC_NSTYPES(CLONE_NEWNS | CLONE_NEWPID));
TEST_F(unshare, tools_10_kill_child_kills_the_pid_ns)
{
	char line[32];

	/* a SKIP in the helper would only return from it */
	start_pidns_tree(_metadata, self, true);
	/* bounded: SIGKILL was queued before unshare could be reaped */
	EXPECT_EQ(1, nsc_pidfd_exited(self->inner_pidfd, 5000)) TH_LOG("init survived");
	EXPECT_EQ(1, nsc_pidfd_exited(self->sleeper_pidfd, 5000))
		TH_LOG("sleeper survived");
	EXPECT_EQ(-1, tproc_readline(&self->tp, line, sizeof(line), 5000));
}

NSC_RULES(tools_10_without_kill_child_pid_ns_survives, "TOOLS-10");
NSC_REQUIRES(tools_10_without_kill_child_pid_ns_survives,
	     NSC_NSTYPES(CLONE_NEWNS | CLONE_NEWPID));
TEST_F(unshare, tools_10_without_kill_child_pid_ns_survives)
{
	char line[32];

	/* a SKIP in the helper would only return from it */
	start_pidns_tree(_metadata, self, false);
	ASSERT_EQ(2, write(self->tp.in, "x\n", 2)) TH_LOG("init gone: %m");
	ASSERT_EQ(0, tproc_readline(&self->tp, line, sizeof(line), 5000))
		TH_LOG("init did not answer: %m");
	EXPECT_STREQ("alive", line);
	EXPECT_NE(1, nsc_pidfd_exited(self->sleeper_pidfd, 0));
}

NSC_RULES(tools_11_persistent_uts_file, "TOOLS-11");
TEST_F(unshare, tools_11_persistent_uts_file)
{
	char file[] = "/tmp/uts", name[32], fname[64];
	struct utsname before, now;
	struct nsc_run r;
	struct stat st;

	ASSERT_EQ(0, uname(&before));
	/* a throwaway uts ns of ours, proven new before unshare(1) writes a
	 * name: were its CLONE_NEWUTS ignored, the rename lands here */
	ASSERT_EQ(0, nsc_unshare_checked(CLONE_NEWUTS)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_sandbox_tmpfs("/tmp")) TH_LOG("%m");
	ASSERT_EQ(0, nsc_touch(file));
	nsc_uniq(name, sizeof(name), "nsc-t11-");
	snprintf(fname, sizeof(fname), "--uts=%s", file);
	RUN_OK(&r, "unshare", fname, "hostname", name);
	ASSERT_EQ(0, stat(file, &st));
	EXPECT_NE(nsc_ns_ino(0, "uts"), st.st_ino) TH_LOG("FILE holds our own uts ns");
	RUN_OK(&r, "nsenter", fname, "hostname");
	r.out[strcspn(r.out, "\n")] = '\0';
	EXPECT_STREQ(name, r.out);
	ASSERT_EQ(0, uname(&now));
	EXPECT_STREQ(before.nodename, now.nodename);
	ASSERT_EQ(0, umount(file)) TH_LOG("%m");
	RUN_ANY(&r, "nsenter", fname, "hostname");
	EXPECT_EQ(1, r.exit_code);
	EXPECT_NE(NULL, strstr(r.err, "Invalid argument")) TH_LOG("%s", r.err);
}

NSC_RULES(tools_12_mount_file_needs_private_parent, "TOOLS-12");
TEST_F(unshare, tools_12_mount_file_needs_private_parent)
{
	struct nsc_mountinfo m;
	struct nsc_run r;

	cpu_set_t one;

	/*
	 * unshare(1) and every namespace it binds run on one CPU: 6.18 numbers
	 * mount namespaces from per-CPU batches, so across CPUs the new ns can
	 * get a lower id than its binder's and mnt_ns_loop() refuses the bind
	 * (MNT-28; mnt/regression_test's subject, not this test's).
	 */
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu(), &one);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(one), &one)) TH_LOG("pin: %m");
	ASSERT_EQ(0, nsc_sandbox_tmpfs("/tmp")) TH_LOG("%m");
	ASSERT_EQ(0, nsc_touch("/tmp/mnt"));
	ASSERT_EQ(0, mount(NULL, "/tmp", NULL, MS_SHARED, NULL)) TH_LOG("%m");
	RUN_ANY(&r, "unshare", "--mount=/tmp/mnt", "true");
	EXPECT_EQ(1, r.exit_code);
	EXPECT_NE(NULL, strstr(r.err, "Invalid argument")) TH_LOG("%s", r.err);
	EXPECT_NE(0, nsc_mountinfo_find(0, "/tmp/mnt", &m));

	ASSERT_EQ(0, mount(NULL, "/tmp", NULL, MS_PRIVATE, NULL)) TH_LOG("%m");
	/* a few times: each try makes a new mount ns and binds it */
	for (int i = 0; i < 6; i++) {
		RUN_ANY(&r, "unshare", "--mount=/tmp/mnt", "true");
		ASSERT_EQ(0, r.exit_code)
			TH_LOG("attempt %d on a private parent: %s", i + 1, r.err);
		ASSERT_EQ(0, nsc_mountinfo_find(0, "/tmp/mnt", &m));
		EXPECT_STREQ("nsfs", m.fstype);
		EXPECT_EQ(0, strncmp(m.root, "mnt:[", 5)) TH_LOG("root '%s'", m.root);
		ASSERT_EQ(0, umount("/tmp/mnt")) TH_LOG("%m");
	}
}

NSC_RULES(tools_13_pid_file_needs_fork, "TOOLS-13");
TEST_F(unshare, tools_13_pid_file_needs_fork)
{
	struct nsc_mountinfo m;
	struct nsc_run r;
	struct stat st;
	char want[64];

	ASSERT_EQ(0, nsc_sandbox_tmpfs("/tmp")) TH_LOG("%m");
	ASSERT_EQ(0, nsc_touch("/tmp/pid"));
	/*
	 * Without --fork the ns has no init yet: up to 6.18 pid_for_children
	 * cannot be bound (ENOENT) and unshare exits 1; since 7.1 (seen on
	 * 7.2/7.3) the link opens before the first child, so FILE holds the
	 * new, memberless pid ns (PID-03).
	 */
	RUN_ANY(&r, "unshare", "--pid=/tmp/pid", "true");
	if (nsc_kernel_at_least(7, 1)) {
		EXPECT_EQ(0, r.exit_code) TH_LOG("%s", r.err);
		ASSERT_EQ(0, nsc_mountinfo_find(0, "/tmp/pid", &m)) TH_LOG("not bound");
		ASSERT_EQ(0, stat("/tmp/pid", &st));
		EXPECT_NE(nsc_ns_ino(0, "pid"), st.st_ino);
		EXPECT_EQ(0, umount2("/tmp/pid", MNT_DETACH)) TH_LOG("%m");
	} else {
		EXPECT_EQ(1, r.exit_code);
		EXPECT_NE(NULL, strstr(r.err, "pid_for_children")) TH_LOG("%s", r.err);
		EXPECT_NE(0, nsc_mountinfo_find(0, "/tmp/pid", &m));
	}

	RUN_OK(&r, "unshare", "--pid=/tmp/pid", "--fork", "readlink",
	       "/proc/self/ns/pid");
	r.out[strcspn(r.out, "\n")] = '\0';
	ASSERT_EQ(0, stat("/tmp/pid", &st));
	snprintf(want, sizeof(want), "pid:[%lu]", (unsigned long)st.st_ino);
	EXPECT_STREQ(want, r.out);
	EXPECT_NE(nsc_ns_ino(0, "pid"), st.st_ino);
}

NSC_RULES(tools_14_time_ns_offsets, "TOOLS-14");
NSC_REQUIRES(tools_14_time_ns_offsets, NSC_NSTYPES(CLONE_NEWTIME));
TEST_F(unshare, tools_14_time_ns_offsets)
{
	double up_before, up_inner, up_after;
	char line[128], mine[64];
	long mono = 0, boot = 0;
	struct nsc_run r;

	ASSERT_EQ(0, ns_link(0, "time", mine, sizeof(mine)));
	ASSERT_EQ(0, nsc_read_line("/proc/uptime", line, sizeof(line)));
	up_before = atof(line);
	/*
	 * --fork: without it, up to 6.1 only CMD's children enter the new time
	 * ns, and the kernel refuses CLONE_VM while time_for_children differs,
	 * so dash's vfork fails ("Cannot fork"); see below for CMD itself.
	 */
	RUN_OK(&r, "unshare", "-T", "--fork", "--monotonic", "1000", "--boottime", "2000",
	       "sh", "-c", "readlink /proc/self/ns/time; "
	       "cat /proc/self/timens_offsets /proc/uptime");
	ASSERT_EQ(0, nsc_read_line("/proc/uptime", line, sizeof(line)));
	up_after = atof(line);
	ASSERT_EQ(0, nth_line(r.out, 0, line, sizeof(line)));
	EXPECT_STRNE(mine, line) TH_LOG("CMD is in the caller's time ns");
	for (int i = 1; i <= 2; i++) {
		char clk[32];
		long s, ns;

		ASSERT_EQ(0, nth_line(r.out, i, line, sizeof(line))) TH_LOG("%s", r.out);
		ASSERT_EQ(3, sscanf(line, "%31s %ld %ld", clk, &s, &ns)) TH_LOG("'%s'", line);
		if (!strcmp(clk, "monotonic"))
			mono = s;
		else if (!strcmp(clk, "boottime"))
			boot = s;
	}
	EXPECT_EQ(1000, mono);
	EXPECT_EQ(2000, boot);
	ASSERT_EQ(0, nth_line(r.out, 3, line, sizeof(line)));
	up_inner = atof(line);
	/* /proc/uptime follows CLOCK_BOOTTIME: shifted by 2000 s */
	EXPECT_TRUE(up_inner >= up_before + 2000 - 0.02 &&
		    up_inner <= up_after + 2000 + 0.02)
		TH_LOG("uptime %.2f inside, %.2f..%.2f outside", up_inner,
		       up_before, up_after);
	/*
	 * Without --fork, CMD is exec'd by unshare itself: up to 6.1 it stays
	 * in the caller's time ns (only its children would enter); since
	 * 2b5f9dad32ed ("fs/exec: switch timens when a task gets a new mm",
	 * 6.2) execve() moves it into time_for_children.
	 */
	RUN_OK(&r, "unshare", "-T", "--monotonic", "1000", "readlink",
	       "/proc/self/ns/time");
	ASSERT_EQ(0, nth_line(r.out, 0, line, sizeof(line))) TH_LOG("%s", r.out);
	if (nsc_kernel_at_least(6, 2)) {
		EXPECT_STRNE(mine, line) TH_LOG("exec did not enter the new time ns");
	} else {
		EXPECT_STREQ(mine, line) TH_LOG("CMD itself entered the time ns before 6.2");
	}
}

/* Drops CAP_SYS_ADMIN for good, then asks unshare(1) for a UTS ns. */
static int unshare_eperm(int sock, void *arg)
{
	struct nsc_run r;

	CHILD_ASSERT(!nsc_cap_drop_fully(CAP_SYS_ADMIN), "%m");
	CHILD_ASSERT(!nsc_run(&r, "unshare", "-u", "true", NULL), "%s", r.err);
	CHILD_ASSERT(r.exit_code == 1, "exit %d", r.exit_code);
	CHILD_ASSERT(strstr(r.err, "unshare failed: Operation not permitted"),
		     "stderr: %s", r.err);
	return 0;
}

/* In a user ns of our own, user.max_user_namespaces = 0 for it. */
static int unshare_enospc(int sock, void *arg)
{
	struct nsc_run r;

	CHILD_ASSERT(!nsc_unshare_userns_root(0), "%m");
	CHILD_ASSERT(!nsc_write_file("/proc/sys/user/max_user_namespaces", "0"),
		     "max_user_namespaces in a child user ns: %m");
	CHILD_ASSERT(!nsc_run(&r, "unshare", "-U", "true", NULL), "%s", r.err);
	CHILD_ASSERT(r.exit_code == 1, "exit %d", r.exit_code);
	CHILD_ASSERT(strstr(r.err, "unshare failed: No space left on device"),
		     "stderr: %s", r.err);
	return 0;
}

NSC_RULES(tools_15_exit_status_and_error_text, "TOOLS-15");
TEST_F(unshare, tools_15_exit_status_and_error_text)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct nsc_run r;

	RUN_ANY(&r, "unshare", "-u", "sh", "-c", "exit 42");
	EXPECT_EQ(42, r.exit_code);
	RUN_ANY(&r, "unshare", "-u", "--fork", "sh", "-c", "exit 43");
	EXPECT_EQ(43, r.exit_code);

	ASSERT_CHILD_START(&c, 0, unshare_eperm, NULL);
	ASSERT_CHILD_OK(&c);
	NSC_REQUIRE(nsc_need_userns());
	ASSERT_CHILD_START(&c, 0, unshare_enospc, NULL);
	ASSERT_CHILD_OK(&c);
}

NSC_RULES(tools_32_mount_proc_changes_only_mnt_and_pid, "TOOLS-32");
TEST_F(unshare, tools_32_mount_proc_changes_only_mnt_and_pid)
{
	char *argv[] = { "unshare", "--pid", "--fork", "--mount-proc", "cat", NULL };
	struct nsc_ns_snap mine, inner;
	unsigned int want, diff;
	char got[128], exp[128];
	pid_t cat;

	ASSERT_EQ(0, nsc_ns_snapshot(0, &mine));
	/* unshare(1) fails inside: its error is not ours to explain */
	NSC_REQUIRE(nsc_need_nstypes(CLONE_NEWNS | CLONE_NEWPID));
	ASSERT_EQ(0, tproc_spawn_cat(&self->tp, argv)) TH_LOG("%m");
	cat = proc_child_of(self->tp.pid);
	ASSERT_LT(0, cat) TH_LOG("%m");
	self->inner_pidfd = nsc_pidfd_open(cat, 0);
	ASSERT_EQ(0, nsc_ns_snapshot(cat, &inner));
	want = 1u << nsc_nslink_index("mnt") | 1u << nsc_nslink_index("pid") |
	       1u << nsc_nslink_index("pid_for_children");
	diff = nsc_ns_snap_diff(&mine, &inner);
	EXPECT_EQ(want, diff) TH_LOG("differs: %s; expected %s",
				     nsc_ns_mask_str(diff, got, sizeof(got)),
				     nsc_ns_mask_str(want, exp, sizeof(exp)));
}

TEST_HARNESS_MAIN
