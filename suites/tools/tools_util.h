/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the tools suite: long-running tool processes that a test
 * controls through pipes (nsc_run waits for its tool, these do not), child
 * lookup without CONFIG_PROC_CHILDREN, ns links as the tools print them, and
 * line parsing of the outputs that are a tool's documented contract.
 * Candidates for lib/ (see the suite's report).
 */
#ifndef TOOLS_UTIL_H
#define TOOLS_UTIL_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsc.h"

/* A tool started with its stdin and stdout on pipes we hold. */
struct tproc {
	pid_t pid;
	int pidfd;
	int in;		/* write end of its stdin */
	int out;	/* read end of its stdout */
};

#define TPROC_INIT { .pid = -1, .pidfd = -EBADF, .in = -EBADF, .out = -EBADF }

/* Spawns argv (searched like nsc_run); stderr goes to /dev/null. The
 * process gets SIGKILL when the test process dies. */
int tproc_spawn(struct tproc *p, char *const argv[]);

/* Reads one line (without '\n') within timeout_ms in total. 0 or -1
 * (ETIMEDOUT, or EPIPE at EOF). */
int tproc_readline(struct tproc *p, char *buf, size_t len, int timeout_ms);

/* Waits for exit (bounded through the pidfd); returns the wait status or -1. */
int tproc_wait(struct tproc *p, int timeout_ms);

/* Teardown: SIGKILL, reap, close. Never fails loudly. */
void tproc_kill(struct tproc *p);

/* The lowest-numbered child of ppid (scan of /proc: the kernel here has no
 * CONFIG_PROC_CHILDREN), or -1 with ESRCH. */
pid_t proc_child_of(pid_t ppid);

/* readlink /proc/PID/ns/LINK (pid 0 = self) into buf: "mnt:[4026531841]". */
int ns_link(pid_t pid, const char *link, char *buf, size_t len);

/* Line number idx (0-based) of text copied into buf; -1 if absent. */
int nth_line(const char *text, int idx, char *buf, size_t len);

/* Number of lines of text equal to line. */
int count_lines_eq(const char *text, const char *line);

/* Number of lines of text. */
int count_lines(const char *text);

/*
 * Run a tool by argv (NULL-terminated) and require exit 0; r is a
 * struct nsc_run *. Test-side only (uses the harness's ASSERT).
 */
#define RUN_OK(r, ...) do { \
	char __desc[512]; \
	ASSERT_EQ(0, nsc_run((r), __VA_ARGS__, NULL)) \
		TH_LOG("%s: %s", #__VA_ARGS__, (r)->err); \
	ASSERT_EQ(0, (r)->exit_code) \
		TH_LOG("%s: %s", #__VA_ARGS__, \
		       nsc_run_desc((r), __desc, sizeof(__desc))); \
} while (0)

/* Assert that the tool run in *r exited 0. */
#define RUN_CHECK_OK(r, what) do { \
	char __desc[512]; \
	ASSERT_EQ(0, (r)->exit_code) \
		TH_LOG("%s: %s", what, nsc_run_desc((r), __desc, sizeof(__desc))); \
} while (0)

/* Run a tool that must start (any exit code). */
#define RUN_ANY(r, ...) \
	ASSERT_EQ(0, nsc_run((r), __VA_ARGS__, NULL)) \
		TH_LOG("%s: %s", #__VA_ARGS__, (r)->err)

/* Start argv as a tproc whose last process is `cat` echoing its stdin, and
 * wait until cat runs (it echoes our token): the namespaces the tool set up
 * exist from then on. */
int tproc_spawn_cat(struct tproc *p, char *const argv[]);

#endif /* TOOLS_UTIL_H */
