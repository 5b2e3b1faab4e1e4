// SPDX-License-Identifier: GPL-2.0
/*
 * nsenter(1) from util-linux: which namespaces, credentials, root and cwd
 * CMD ends up with. Targets are our own children parked on a socketpair.
 * Source: nsenter(1), setns(2).
 */
#include <grp.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "nsc_harness.h"
#include "tools_util.h"

struct hold_arg {
	const char *root;	/* chroot here first, if set */
	const char *cwd;	/* then chdir here, if set */
};

/* Target: optionally chroot/chdir, report ready, wait to be released. */
static int hold(int sock, void *arg)
{
	const struct hold_arg *a = arg;

	if (a && a->root)
		CHILD_ASSERT(!chroot(a->root), "chroot %s: %m", a->root);
	if (a && a->cwd)
		CHILD_ASSERT(!chdir(a->cwd), "chdir %s: %m", a->cwd);
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	nsc_recv_byte(sock);
	return 0;
}

FIXTURE(nsenter) {
	struct nsc_child target;
	char pid[16];
};

FIXTURE_VARIANT(nsenter) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(nsenter);

FIXTURE_SETUP(nsenter)
{
	self->target = (struct nsc_child)NSC_CHILD_INIT;
	NSC_REQUIRE(nsc_need_tool("nsenter"));
	NSC_ENTER_PRIV(variant->priv);
}

FIXTURE_TEARDOWN(nsenter)
{
	nsc_child_kill(&self->target);
}

static void start_target(struct __test_metadata *_metadata,
			 FIXTURE_DATA(nsenter) *self, uint64_t flags,
			 struct hold_arg *a)
{
	ASSERT_CHILD_START(&self->target, flags, hold, a);
	ASSERT_EQ('r', nsc_recv_byte(self->target.sock)) TH_LOG("target not ready");
	snprintf(self->pid, sizeof(self->pid), "%d", (int)self->target.pid);
}

/*
 * The target sits in a new namespace of every type but user, so each link
 * CMD shows can be told apart: net must be the target's, every other one
 * ours.
 */
NSC_RULES(tools_16_n_enters_only_the_netns, "TOOLS-16");
TEST_F(nsenter, tools_16_n_enters_only_the_netns)
{
	char t[NSC_NSLINK_COUNT][64], mine[NSC_NSLINK_COUNT][64], line[64];
	char paths[NSC_NSLINK_COUNT][40];
	char *argv[6 + NSC_NSLINK_COUNT] = {
		"nsenter", "-t", self->pid, "-n", "readlink",
	};
	struct nsc_run r;
	char desc[512];

	for (int i = 0; i < NSC_NS_COUNT; i++)
		NSC_REQUIRE(nsc_need_nstype(&nsc_nstypes[i]));
	start_target(_metadata, self, NSC_ALL_NS_FLAGS & ~(uint64_t)CLONE_NEWUSER,
		     NULL);
	for (int i = 0; i < NSC_NSLINK_COUNT; i++) {
		const char *l = nsc_nslinks[i];

		ASSERT_EQ(0, ns_link(self->target.pid, l, t[i], sizeof(t[i])))
			TH_LOG("target's %s: %m", l);
		ASSERT_EQ(0, ns_link(0, l, mine[i], sizeof(mine[i])))
			TH_LOG("our %s: %m", l);
		if (strcmp(l, "user")) {
			ASSERT_STRNE(mine[i], t[i]) TH_LOG("the target shares our %s", l);
		}
		snprintf(paths[i], sizeof(paths[i]), "/proc/self/ns/%s", l);
		argv[5 + i] = paths[i];
	}
	argv[5 + NSC_NSLINK_COUNT] = NULL;
	ASSERT_EQ(0, nsc_run_argv(argv, &r)) TH_LOG("nsenter: %m");
	ASSERT_EQ(0, r.exit_code) TH_LOG("%s", nsc_run_desc(&r, desc, sizeof(desc)));
	for (int i = 0; i < NSC_NSLINK_COUNT; i++) {
		bool net = !strcmp(nsc_nslinks[i], "net");

		ASSERT_EQ(0, nth_line(r.out, i, line, sizeof(line))) TH_LOG("%s", r.out);
		EXPECT_STREQ(net ? t[i] : mine[i], line)
			TH_LOG("%s: CMD has %s", nsc_nslinks[i], line);
	}
}

NSC_RULES(tools_17_p_forks_into_the_pid_ns, "TOOLS-17");
TEST_F(nsenter, tools_17_p_forks_into_the_pid_ns)
{
	char t_pid[64], mine[64], line[64];
	struct nsc_run r;

	start_target(_metadata, self, CLONE_NEWPID, NULL);
	ASSERT_EQ(0, ns_link(self->target.pid, "pid", t_pid, sizeof(t_pid)));
	ASSERT_EQ(0, ns_link(0, "pid", mine, sizeof(mine)));
	ASSERT_STRNE(mine, t_pid);
	/* the target is pid 1 there, so the forked CMD gets a small pid */
	RUN_OK(&r, "nsenter", "-t", self->pid, "-p", "sh", "-c",
	       "echo $$; readlink /proc/self/ns/pid");
	ASSERT_EQ(0, nth_line(r.out, 0, line, sizeof(line))) TH_LOG("%s", r.out);
	EXPECT_TRUE(atoi(line) >= 2 && atoi(line) < 100) TH_LOG("CMD's pid %s", line);
	ASSERT_EQ(0, nth_line(r.out, 1, line, sizeof(line)));
	EXPECT_STREQ(t_pid, line);

	RUN_OK(&r, "nsenter", "-t", self->pid, "-p", "--no-fork", "readlink",
	       "/proc/self/ns/pid", "/proc/self/ns/pid_for_children");
	ASSERT_EQ(0, nth_line(r.out, 0, line, sizeof(line))) TH_LOG("%s", r.out);
	EXPECT_STREQ(mine, line) TH_LOG("--no-fork: CMD changed PID ns");
	ASSERT_EQ(0, nth_line(r.out, 1, line, sizeof(line)));
	EXPECT_STREQ(t_pid, line);
}

NSC_RULES(tools_18_all_enters_every_ns_but_an_equal_user_ns, "TOOLS-18");
TEST_F(nsenter, tools_18_all_enters_every_ns_but_an_equal_user_ns)
{
	char *argv[8 + NSC_NSLINK_COUNT], paths[NSC_NSLINK_COUNT][48];
	char want[64], line[64];
	struct nsc_ns_snap mine, t;
	struct nsc_run r;
	int a = 0;

	/* every type this kernel has (--all enters what /proc/PID/ns has) */
	start_target(_metadata, self, (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC |
		     CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWCGROUP |
		     CLONE_NEWTIME) & nsc_ns_flags_present(), NULL);
	ASSERT_EQ(0, nsc_ns_snapshot(0, &mine));
	ASSERT_EQ(0, nsc_ns_snapshot(self->target.pid, &t));
	/* all but user differ; user is the same, which nsenter must skip */
	EXPECT_EQ(1u << nsc_nslink_index("user"),
		  nsc_nslinks_present_mask() & ~nsc_ns_snap_diff(&mine, &t));
	argv[a++] = "nsenter";
	argv[a++] = "--all";
	argv[a++] = "-t";
	argv[a++] = self->pid;
	argv[a++] = "readlink";
	for (int i = 0; i < NSC_NSLINK_COUNT; i++) {
		if (!nsc_nslink_present(nsc_nslinks[i]))
			continue;
		snprintf(paths[i], sizeof(paths[i]), "/proc/self/ns/%s", nsc_nslinks[i]);
		argv[a++] = paths[i];
	}
	argv[a] = NULL;
	ASSERT_EQ(0, nsc_run_argv(argv, &r)) TH_LOG("%s", r.err);
	ASSERT_EQ(0, r.exit_code) TH_LOG("nsenter --all: %s", r.err);
	for (int i = 0, l = 0; i < NSC_NSLINK_COUNT; i++) {
		if (!nsc_nslink_present(nsc_nslinks[i]))
			continue;
		ASSERT_EQ(0, ns_link(self->target.pid, nsc_nslinks[i], want,
				     sizeof(want)));
		ASSERT_EQ(0, nth_line(r.out, l++, line, sizeof(line))) TH_LOG("%s", r.out);
		EXPECT_STREQ(want, line) TH_LOG("%s", nsc_nslinks[i]);
	}
}

/* Status fields of CMD's own view ("Uid:", "Gid:", "Groups:"). */
static const char *status_line(const char *out, const char *key, char *buf,
			       size_t len)
{
	for (int i = 0; !nth_line(out, i, buf, len); i++)
		if (!strncmp(buf, key, strlen(key))) {
			char *v = buf + strlen(key);

			while (*v == '\t' || *v == ' ')
				v++;
			memmove(buf, v, strlen(v) + 1);
			v = buf + strlen(buf);
			while (v > buf && (v[-1] == ' ' || v[-1] == '\t'))
				*--v = '\0';
			return buf;
		}
	return "(missing)";
}

/*
 * Telling "set to 0" from "preserved" needs two uids mapped (inner 0 and
 * the caller's), which only a privileged writer of uid_map can do without
 * newuidmap, so this runs as real root only.
 */
NSC_RULES(tools_19_U_credentials, "TOOLS-19");
NSC_REQUIRES(tools_19_U_credentials, NSC_TOOL("nsenter"), NSC_ROOT);
TEST(tools_19_U_credentials)
{
	struct nsc_child t = NSC_CHILD_INIT;
	char pid[16], v[128];
	struct nsc_run r;
	gid_t groups[1] = { 0 };

	ASSERT_CHILD_START(&t, CLONE_NEWUSER, hold, NULL);
	/* inner 0 -> outer 100000, inner 1000 -> us (0) */
	ASSERT_EQ(0, nsc_write_maps(t.pid, "0 100000 1\n1000 0 1\n",
				    "0 100000 1\n1000 0 1\n", false)) TH_LOG("%m");
	ASSERT_EQ('r', nsc_recv_byte(t.sock));
	ASSERT_EQ(0, setgroups(1, groups)) TH_LOG("%m");
	snprintf(pid, sizeof(pid), "%d", (int)t.pid);

	RUN_OK(&r, "nsenter", "-t", pid, "-U", "cat", "/proc/self/status");
	EXPECT_STREQ("0\t0\t0\t0", status_line(r.out, "Uid:", v, sizeof(v)));
	EXPECT_STREQ("0\t0\t0\t0", status_line(r.out, "Gid:", v, sizeof(v)));
	EXPECT_STREQ("", status_line(r.out, "Groups:", v, sizeof(v)));

	RUN_OK(&r, "nsenter", "-t", pid, "-U", "--preserve-credentials",
	       "cat", "/proc/self/status");
	EXPECT_STREQ("1000\t1000\t1000\t1000", status_line(r.out, "Uid:", v, sizeof(v)));
	EXPECT_STREQ("1000\t1000\t1000\t1000", status_line(r.out, "Gid:", v, sizeof(v)));
	EXPECT_STREQ("1000", status_line(r.out, "Groups:", v, sizeof(v)));

	RUN_OK(&r, "nsenter", "-t", pid, "-U", "-S", "1000", "-G", "1000",
	       "cat", "/proc/self/status");
	EXPECT_STREQ("1000\t1000\t1000\t1000", status_line(r.out, "Uid:", v, sizeof(v)));
	EXPECT_STREQ("1000\t1000\t1000\t1000", status_line(r.out, "Gid:", v, sizeof(v)));
	EXPECT_STREQ("", status_line(r.out, "Groups:", v, sizeof(v)));
	nsc_child_kill(&t);
}

NSC_RULES(tools_20_r_w_take_targets_root_and_cwd, "TOOLS-20");
TEST_F(nsenter, tools_20_r_w_take_targets_root_and_cwd)
{
	struct hold_arg a = { "/tmp/root", "/wd" };
	struct nsc_run r;

	ASSERT_EQ(0, nsc_sandbox_tmpfs("/tmp")) TH_LOG("%m");
	ASSERT_EQ(0, mkdir("/tmp/root", 0755));
	ASSERT_EQ(0, mkdir("/tmp/root/wd", 0755));
	ASSERT_EQ(0, mkdir("/tmp/root/usr", 0755));
	ASSERT_EQ(0, mount("/usr", "/tmp/root/usr", NULL, MS_BIND | MS_REC, NULL))
		TH_LOG("%m");
	ASSERT_EQ(0, symlink("usr/bin", "/tmp/root/bin"));
	ASSERT_EQ(0, symlink("usr/lib", "/tmp/root/lib"));
	ASSERT_EQ(0, symlink("usr/lib64", "/tmp/root/lib64"));
	ASSERT_EQ(0, nsc_touch("/tmp/root/wd/marker"));
	start_target(_metadata, self, 0, &a);

	RUN_OK(&r, "nsenter", "-t", self->pid, "-w", "pwd");
	EXPECT_STREQ("/tmp/root/wd\n", r.out) TH_LOG("-w alone");
	RUN_OK(&r, "nsenter", "-t", self->pid, "-r", "-w", "pwd");
	EXPECT_STREQ("/wd\n", r.out) TH_LOG("-r -w");
	RUN_OK(&r, "nsenter", "-t", self->pid, "-r", "ls", "/wd");
	EXPECT_STREQ("marker\n", r.out) TH_LOG("-r: / is not the target's root");
}

TEST_HARNESS_MAIN
