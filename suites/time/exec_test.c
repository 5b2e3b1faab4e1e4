// SPDX-License-Identifier: GPL-2.0
/*
 * Time namespaces across execve(): a member keeps its offsets (the vDSO
 * data page of the new image is the namespace's), and a task whose
 * time_for_children differs from its time ns enters time_for_children at
 * execve -- a vfork() child, or the unsharer itself -- while the parent
 * and its threads stay where they were.
 * Source: kernel selftests timens/exec and timens/vfork_exec; commit
 * 133e2d3e81de ("fs/exec: switch timens when a task gets a new mm"), which
 * also let CLONE_VM children be created while time_for_children differs
 * (before it: EINVAL).
 *
 * Setup makes a time ns (monotonic +1 day, boottime +2 days) as the test
 * process's time_for_children.
 */
#include <pthread.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "nsc_harness.h"
#include "time_util.h"

#define MONO_OFF 86400LL
#define BOOT_OFF (2 * 86400LL)

FIXTURE(texec) {
	struct nsc_child child;
	ino_t time_0, time_new;
	char helper[512];
	bool exec_switches;	/* the kernel has commit 133e2d3e81de */
};

FIXTURE_VARIANT(texec) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(texec);

/* clock_helper's line */
struct clk_report {
	unsigned long ino;
	double mono, mono_sys, boot;
};

/*
 * Whether a CLONE_VM child may be created while time_for_children differs
 * from our time ns: the same commit made execve() switch namespaces.
 * 1 yes, 0 no (EINVAL), -1 on another error.
 */
static int vfork_allowed(void)
{
	pid_t pid = vfork();
	int st;

	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return errno == EINVAL ? 0 : -1;
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		return -1;
	return 1;
}

FIXTURE_SETUP(texec)
{
	int v;

	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_REQUIRE(nsc_need_nstype(&nsc_nstypes[NSC_NS_TIME]));
	ASSERT_EQ(0, nsc_helper_path("clock_helper", self->helper, sizeof(self->helper)))
		TH_LOG("%s: %m", self->helper);
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_EQ(0, timens_new_pending(MONO_OFF, BOOT_OFF, &self->time_0,
					&self->time_new))
		TH_LOG("new time ns (EEXIST: time_for_children unchanged): %m");
	v = vfork_allowed();
	ASSERT_LE(0, v) TH_LOG("vfork probe: %m");
	self->exec_switches = v;
	/* the probe child did not become a member: offsets still open */
	ASSERT_EQ(0, timens_offsets_write("monotonic 86400 0\n"))
		TH_LOG("offsets frozen by the probe: %m");
}

FIXTURE_TEARDOWN(texec)
{
	nsc_child_kill(&self->child);
}

/* Reads clock_helper's line from fd up to EOF and parses it. */
static int read_report(int fd, struct clk_report *r)
{
	char buf[256];
	size_t got = 0;
	ssize_t n;

	while (got < sizeof(buf) - 1 &&
	       (n = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	buf[got] = '\0';
	if (sscanf(buf, "%lu %lf %lf %lf", &r->ino, &r->mono, &r->mono_sys,
		   &r->boot) != 4) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}

/* The report's clocks carry these offsets relative to host readings
 * taken just before (within [-0.05, 5) s: an exec under load). */
static bool shifted_by(const struct clk_report *r, double mono0,
		       double boot0, long long mono_off, long long boot_off)
{
	double dm = r->mono - mono0 - mono_off, ds = r->mono_sys - mono0 - mono_off;
	double db = r->boot - boot0 - boot_off;

	return dm > -0.05 && dm < 5 && ds > -0.05 && ds < 5 && db > -0.05 &&
	       db < 5;
}

static int exec_helper(int sock, void *arg)
{
	const char *helper = arg;
	char *argv[] = { (char *)helper, NULL }, *envp[] = { NULL };

	/* a member, by inode and clock, before the exec */
	CHILD_ASSERT(clock_sec(CLOCK_MONOTONIC) > MONO_OFF, "not in the ns");
	CHILD_ASSERT(dup2(sock, 1) == 1, "%m");
	execve(helper, argv, envp);
	CHILD_ASSERT(0, "execve %s: %m", helper);
}

NSC_RULES(time_18_offsets_survive_execve, "TIME-18");
TEST_F(texec, time_18_offsets_survive_execve)
{
	double m0 = clock_sec(CLOCK_MONOTONIC), b0 = clock_sec(CLOCK_BOOTTIME);
	struct clk_report r;

	ASSERT_CHILD_START(&self->child, 0, exec_helper, self->helper);
	ASSERT_EQ(0, read_report(self->child.sock, &r)) TH_LOG("%m");
	ASSERT_CHILD_OK(&self->child);
	EXPECT_EQ(self->time_new, r.ino);
	EXPECT_TRUE(shifted_by(&r, m0, b0, MONO_OFF, BOOT_OFF))
		TH_LOG("after exec: mono %.3f (syscall %.3f) boot %.3f; before "
		       "fork: mono %.3f boot %.3f", r.mono, r.mono_sys, r.boot,
		       m0, b0);
}

struct thread_view {
	ino_t ino;
	double mono;
};

static void *thread_reads(void *arg)
{
	struct thread_view *v = arg;
	struct stat st;

	v->ino = stat("/proc/thread-self/ns/time", &st) ? 0 : st.st_ino;
	v->mono = clock_sec(CLOCK_MONOTONIC);
	return NULL;
}

NSC_RULES(time_19_vfork_child_enters_ns_at_exec, "TIME-19");
TEST_F(texec, time_19_vfork_child_enters_ns_at_exec)
{
	char *argv[] = { self->helper, NULL }, *envp[] = { NULL };
	volatile ino_t pre_ino = 0;
	volatile double pre_mono = 0;
	struct thread_view tv = { 0 };
	double m0, b0;
	struct clk_report r;
	pthread_t th;
	int p[2], st;
	pid_t pid;

	if (!self->exec_switches)
		SKIP(return, "kernel refuses CLONE_VM while time_for_children "
			     "differs (vfork EINVAL): before commit 133e2d3e81de");
	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	m0 = clock_sec(CLOCK_MONOTONIC);
	b0 = clock_sec(CLOCK_BOOTTIME);
	pid = vfork();
	if (pid == 0) {
		/* shares our mm: still in our time ns until the exec */
		pre_ino = nsc_ns_ino(0, "time");
		pre_mono = clock_sec(CLOCK_MONOTONIC);
		dup2(p[1], 1);
		execve(argv[0], argv, envp);
		_exit(127);
	}
	ASSERT_LT(0, pid) TH_LOG("vfork: %m");
	close(p[1]);
	ASSERT_EQ(0, read_report(p[0], &r)) TH_LOG("helper output: %m");
	close(p[0]);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_EQ(0, st);
	EXPECT_EQ(self->time_0, pre_ino) TH_LOG("vfork child before exec");
	EXPECT_LT(pre_mono - m0, 5.0) TH_LOG("vfork child's clock was shifted");
	EXPECT_EQ(self->time_new, r.ino) TH_LOG("after exec");
	EXPECT_TRUE(shifted_by(&r, m0, b0, MONO_OFF, BOOT_OFF))
		TH_LOG("after exec: mono %.3f boot %.3f; parent: %.3f %.3f",
		       r.mono, r.mono_sys, m0, b0);
	/* the parent and a thread of it stay in the old ns */
	EXPECT_EQ(self->time_0, nsc_ns_ino(0, "time"));
	EXPECT_LT(clock_sec(CLOCK_MONOTONIC) - m0, 5.0);
	ASSERT_EQ(0, pthread_create(&th, NULL, thread_reads, &tv));
	ASSERT_EQ(0, pthread_join(th, NULL));
	EXPECT_EQ(self->time_0, tv.ino);
	EXPECT_LT(tv.mono - m0, 5.0) TH_LOG("the thread's clock was shifted");
}

static int unsharer_execs(int sock, void *arg)
{
	FIXTURE_DATA(texec) *self = arg;
	char *argv[] = { self->helper, NULL }, *envp[] = { NULL };
	ino_t nested;

	CHILD_ASSERT(nsc_ns_ino(0, "time") == self->time_new, "not a member");
	/* a nested ns with other offsets, pending for this process */
	CHILD_ASSERT(!timens_new(2 * MONO_OFF, 2 * BOOT_OFF), "%m");
	nested = nsc_ns_ino(0, "time_for_children");
	CHILD_ASSERT(nested && nested != self->time_new, "no nested ns");
	CHILD_ASSERT(!nsc_send_buf(sock, &nested, sizeof(nested)), "%m");
	CHILD_ASSERT(dup2(sock, 1) == 1, "%m");
	execve(argv[0], argv, envp);
	CHILD_ASSERT(0, "execve %s: %m", argv[0]);
}

NSC_RULES(time_20_unsharer_enters_pending_ns_at_exec, "TIME-20");
TEST_F(texec, time_20_unsharer_enters_pending_ns_at_exec)
{
	double m0 = clock_sec(CLOCK_MONOTONIC), b0 = clock_sec(CLOCK_BOOTTIME);
	struct clk_report r;
	ino_t nested;

	ASSERT_CHILD_START(&self->child, 0, unsharer_execs, self);
	ASSERT_EQ(sizeof(nested),
		  nsc_recv_buf(self->child.sock, &nested, sizeof(nested)));
	ASSERT_EQ(0, read_report(self->child.sock, &r)) TH_LOG("%m");
	ASSERT_CHILD_OK(&self->child);
	if (self->exec_switches) {
		EXPECT_EQ(nested, r.ino) TH_LOG("exec kept the old time ns");
		EXPECT_TRUE(shifted_by(&r, m0, b0, 2 * MONO_OFF, 2 * BOOT_OFF))
			TH_LOG("mono %.3f boot %.3f; host %.3f %.3f", r.mono,
			       r.boot, m0, b0);
	} else {
		/* older kernels: only children ever enter it */
		EXPECT_EQ(self->time_new, r.ino);
		EXPECT_TRUE(shifted_by(&r, m0, b0, MONO_OFF, BOOT_OFF))
			TH_LOG("mono %.3f boot %.3f; host %.3f %.3f", r.mono,
			       r.boot, m0, b0);
	}
}

TEST_HARNESS_MAIN
