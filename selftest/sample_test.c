// SPDX-License-Identifier: GPL-2.0
/*
 * A sample test program for the runner's self-tests. What it does is chosen
 * by $NSC_SAMPLE (comma-separated words): fail, fixture-fail, hang, leak,
 * flaky, cause-then-fail, fail-then-cause. With none
 * set, it skips one test and passes the others.
 */
#include <signal.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#include "nsc_harness.h"

static bool wants(const char *word)
{
	const char *s = getenv("NSC_SAMPLE");
	char buf[256], *tok, *save = NULL;

	if (!s)
		return false;
	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (!strcmp(tok, word))
			return true;
	return false;
}

static void note_pid(pid_t pid)
{
	const char *f = getenv("NSC_SAMPLE_PIDS");
	char line[32];
	int fd;

	if (!f)
		return;
	fd = open(f, O_WRONLY | O_APPEND | O_CREAT, 0644);
	snprintf(line, sizeof(line), "%d\n", (int)pid);
	if (fd >= 0 && write(fd, line, strlen(line)) < 0)
		perror("write");
	close(fd);
}

TEST(sample_01_passes)
{
	ASSERT_EQ(4, 2 + 2);
}

TEST(sample_02_skips)
{
	SKIP(return, "sample skip reason");
}

TEST(sample_03_fails_on_request)
{
	/* a second, different failure of the same test (known-issue matching) */
	if (wants("fail-other"))
		EXPECT_EQ(3, 4) TH_LOG("another failure on request");
	if (wants("fail"))
		ASSERT_EQ(1, 2) TH_LOG("failing on request");
}

/* An environment cause explains a failure that follows it (SKIP), never one
 * that came before it (FAIL). */
TEST(sample_08_env_cause_on_request)
{
	if (wants("cause-then-fail")) {
		nsc_env_cause_set("sample environment cause");
		EXPECT_EQ(1, 2) TH_LOG("failure after the cause");
	}
	if (wants("fail-then-cause")) {
		EXPECT_EQ(1, 2) TH_LOG("failure before the cause");
		nsc_env_cause_set("sample environment cause");
	}
}

/* Leaves a process tree that hides from the harness's process-group kill:
 * a setsid() child, and (as root) a process in a new pid namespace. */
static int park(int sock, void *arg)
{
	for (;;)
		pause();
	return 0;
}

TEST(sample_04_hangs_on_request)
{
	struct nsc_child a = NSC_CHILD_INIT, b = NSC_CHILD_INIT;
	pid_t pid;

	if (!wants("hang"))
		return;
	pid = fork();
	if (pid == 0) {
		setsid();
		note_pid(getpid());
		for (;;)
			pause();
	}
	note_pid(pid);
	if (geteuid() == 0 && !nsc_child_start(&a, CLONE_NEWPID, park, NULL))
		note_pid(a.pid);
	if (!nsc_child_start(&b, 0, park, NULL))
		note_pid(b.pid);
	for (;;)
		pause();
}

TEST(sample_05_fails_every_other_run_on_request)
{
	const char *f = getenv("NSC_SAMPLE_COUNTER");
	long n = 0;

	if (!wants("flaky") || !f)
		return;
	nsc_read_long(f, &n);
	ASSERT_EQ(0, nsc_write_long(f, n + 1));
	ASSERT_EQ(0, n % 2) TH_LOG("odd run %ld fails", n);
}

TEST(sample_06_leaks_on_request)
{
	int id;

	if (!wants("leak"))
		return;
	/* deliberately in the caller's IPC ns: the self-test removes it */
	id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	ASSERT_LE(0, id) TH_LOG("msgget: %m");
	printf("# leaked msq id %d\n", id);
}

/* TEST_F runs setup, test and teardown in one process (nsc_harness.h): a
 * failed ASSERT still reaches the teardown, exactly once, even when a
 * process the test forked fails an ASSERT too. */
FIXTURE(fx) {
	int unused;
};

FIXTURE_SETUP(fx)
{
}

FIXTURE_TEARDOWN(fx)
{
	printf("# sample teardown in pid %d\n", (int)getpid());
	fflush(stdout);
}

TEST_F(fx, sample_07_fixture_fails_on_request)
{
	pid_t pid;

	if (!wants("fixture-fail"))
		return;
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		ASSERT_EQ(1, 2) TH_LOG("a forked process fails too");
	ASSERT_EQ(pid, waitpid(pid, NULL, 0));
	ASSERT_EQ(1, 2) TH_LOG("fixture test failing on request");
}

TEST_HARNESS_MAIN
