// SPDX-License-Identifier: GPL-2.0
/*
 * nsc-exec: run one test program under a timeout and leave nothing behind.
 *
 *   nsc-exec [-t SECONDS] [-T TIMINGFILE] -- PROGRAM [ARGS...]
 *   nsc-exec -S SLOT        (serve: run_tests.sh's job slots)
 *
 * The program's stdout and stderr are merged and passed through line by
 * line. nsc-exec is a child subreaper, so every descendant that loses its
 * parent is reparented here: after the program exits, on timeout, or on
 * SIGINT/SIGTERM, it SIGKILLs the whole remaining tree (pid namespace inits
 * take their namespaces with them) and reaps it.
 *
 * With -T it writes "NAME<TAB>MILLISECONDS" for every kselftest result line,
 * timed from the matching "#  RUN" line.
 *
 * Exit: the program's exit code; 124 on timeout; 128+N if it was killed by
 * signal N; 130/143 when nsc-exec itself was interrupted.
 *
 * With -S it runs one program after another, as stdin asks, one line each:
 *   SECONDS<TAB>OUTFILE<TAB>TIMINGFILE<TAB>PROGRAM[<TAB>ARG...]
 * writing the program's output to OUTFILE (created) and, when it is done,
 * "SLOT EXIT" to stdout, where EXIT is what the single form would exit
 * with. It ends at EOF, or after a program it ran was interrupted. A runner
 * with N slots forks N times, not once per program.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "nsc.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* SIGKILL a child and its process group; 1 unless it was a zombie. */
static int kill_one(pid_t pid, char state)
{
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	return state != 'Z';	/* zombies are only reaped */
}

/* SIGKILL every process whose parent is us, found by a scan of /proc. */
static int kill_children_scan(void)
{
	pid_t self = getpid();
	struct dirent *de;
	int n = 0;
	DIR *d = opendir("/proc");

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char state;
		int ppid;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		if (!nsc_proc_stat(atoi(de->d_name), &state, &ppid) && ppid == self)
			n += kill_one(atoi(de->d_name), state);
	}
	closedir(d);
	return n;
}

/*
 * SIGKILL every process whose parent is us; returns how many were alive.
 * /proc/self/task/TID/children (CONFIG_PROC_CHILDREN) names them at once;
 * without it, or when the list does not fit, every /proc/PID is read.
 */
static int kill_children(void)
{
	char path[64], buf[8192], *p, *end;
	int fd, n = 0;
	ssize_t len;

	snprintf(path, sizeof(path), "/proc/self/task/%d/children", (int)getpid());
	/* NSC_EXEC_PROC_SCAN=1: the scan, as without CONFIG_PROC_CHILDREN */
	fd = getenv("NSC_EXEC_PROC_SCAN") ? -1 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return kill_children_scan();
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len < 0 || len == (ssize_t)sizeof(buf) - 1)
		return kill_children_scan();
	buf[len] = '\0';
	for (p = buf;; p = end) {
		long pid = strtol(p, &end, 10);
		char state = 'Z';	/* gone: reaped by the caller's waitpid */
		int ppid;

		if (end == p)
			break;
		if (pid <= 0)
			continue;
		nsc_proc_stat((pid_t)pid, &state, &ppid);
		n += kill_one((pid_t)pid, state);
	}
	return n;
}

/* Kill and reap the whole tree below us. Returns processes killed. */
static int reap_tree(pid_t pgid)
{
	int total = 0;

	if (pgid > 0)
		kill(-pgid, SIGKILL);
	for (;;) {
		/* orphans of the killed are reparented to us: next round */
		total += kill_children();
		if (waitpid(-1, NULL, 0) < 0 && errno == ECHILD)
			break;
	}
	return total;
}

struct timing {
	FILE *f;
	char name[512];
	double start;
};

static void timing_line(struct timing *t, const char *line)
{
	const char *p;

	if (!t->f)
		return;
	if ((p = strstr(line, "#  RUN "))) {
		p += 7;
		while (*p == ' ')
			p++;
		snprintf(t->name, sizeof(t->name), "%s", p);
		t->name[strcspn(t->name, " \n")] = '\0';
		t->start = now_ms();
	} else if (!strncmp(line, "ok ", 3) || !strncmp(line, "not ok ", 7)) {
		if (t->name[0]) {
			fprintf(t->f, "%s\t%.1f\n", t->name, now_ms() - t->start);
			fflush(t->f);
			t->name[0] = '\0';
		}
	}
}

static int sfd = -1;

static void close_fds_from(unsigned int first)
{
#ifdef SYS_close_range
	if (!syscall(SYS_close_range, first, ~0U, 0))
		return;
#endif
	for (int fd = (int)first; fd < 1024; fd++)
		close(fd);
}

/* Runs argv under the timeout, its output to out; the exit code above.
 * *interrupted gets the signal that ended it early, if one did. */
static int run_one(FILE *out, int timeout, const char *timing, char **argv,
		   int in_fd, int *interrupted)
{
	struct timing tm = { 0 };
	int pfd[2], status = 0, rc = -1;
	char line[8192], path[4096];
	size_t llen = 0;
	int exited = 0, pipe_open = 1;
	double deadline;
	pid_t pid;

	*interrupted = 0;
	if (timing && !(tm.f = fopen(timing, "we"))) {
		fprintf(out, "nsc-exec: %s: %m\n", timing);
		return 2;
	}
	if (pipe2(pfd, O_CLOEXEC)) {
		fprintf(out, "nsc-exec: pipe: %m\n");
		return 2;
	}
	{
		int fds[3] = { in_fd, pfd[1], pfd[1] };

		if (!nsc_tool_path(argv[0], path, sizeof(path))) {
			fprintf(out, "nsc-exec: exec %s: not found\n", argv[0]);
			pid = -1;
		} else {
			pid = nsc_spawn(path, argv, fds,
					NSC_SPAWN_SETPGID | NSC_SPAWN_UNBLOCK);
			if (pid < 0)
				fprintf(out, "nsc-exec: exec %s: %m\n", argv[0]);
		}
		if (pid < 0) {
			close(pfd[0]);
			close(pfd[1]);
			if (tm.f)
				fclose(tm.f);
			fflush(out);
			return 127;
		}
	}
	setpgid(pid, pid);
	close(pfd[1]);
	deadline = timeout > 0 ? now_ms() + timeout * 1000.0 : 0;

	while (!exited || pipe_open) {
		struct pollfd p[2] = { { sfd, POLLIN, 0 },
				       { pipe_open ? pfd[0] : -1, POLLIN, 0 } };
		int wait_ms = -1;

		if (deadline > 0) {
			double left = deadline - now_ms();

			wait_ms = left > 0 ? (int)left + 1 : 0;
		}
		if (exited)	/* only draining output now */
			wait_ms = wait_ms < 0 || wait_ms > 2000 ? 2000 : wait_ms;
		if (poll(p, 2, wait_ms) < 0 && errno != EINTR)
			break;
		if (p[0].revents & POLLIN) {
			struct signalfd_siginfo si;

			while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
				if (si.ssi_signo == SIGCHLD)
					continue;
				*interrupted = (int)si.ssi_signo;
			}
			if (!exited) {
				pid_t w = waitpid(pid, &status, WNOHANG);

				if (w == pid)
					exited = 1;
			}
		}
		if (p[1].revents & (POLLIN | POLLHUP)) {
			char buf[4096];
			ssize_t n = read(pfd[0], buf, sizeof(buf));

			if (n <= 0) {
				pipe_open = 0;
			} else {
				if (fwrite(buf, 1, n, out) != (size_t)n)
					break;
				fflush(out);
				for (ssize_t i = 0; i < n; i++) {
					if (llen < sizeof(line) - 1)
						line[llen++] = buf[i];
					if (buf[i] == '\n') {
						line[llen] = '\0';
						timing_line(&tm, line);
						llen = 0;
					}
				}
			}
		}
		if (*interrupted) {
			int k = reap_tree(pid);

			fprintf(out, "# nsc-exec: interrupted by signal %d, killed %d processes\n",
				*interrupted, k);
			rc = 128 + *interrupted;
			goto done;
		}
		if (!exited && deadline > 0 && now_ms() >= deadline) {
			int k;

			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			k = reap_tree(pid);
			fprintf(out, "# nsc-exec: timeout after %d s: killed the test's process tree (%d more processes)\n",
				timeout, k);
			rc = 124;
			goto done;
		}
		if (exited && pipe_open && !(p[1].revents & (POLLIN | POLLHUP))) {
			/* descendants still hold the output pipe open */
			int k = reap_tree(0);

			if (k)
				fprintf(out, "# nsc-exec: killed %d leftover processes\n", k);
			pipe_open = 0;
		}
	}
	if (!exited)
		waitpid(pid, &status, 0);
	{
		int k = reap_tree(0);

		if (k)
			fprintf(out, "# nsc-exec: killed %d leftover processes\n", k);
	}
	if (WIFEXITED(status))
		rc = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		rc = 128 + WTERMSIG(status);
done:
	if (pipe_open)
		close(pfd[0]);
	if (tm.f)
		fclose(tm.f);
	fflush(out);
	return rc;
}

/* Reads one line of stdin into buf, waiting on the signalfd as well: 1 for
 * a line, 0 at EOF, -signal when asked to stop while idle. */
static int read_command(char *buf, size_t len)
{
	size_t o = 0;

	for (;;) {
		struct pollfd p[2] = { { sfd, POLLIN, 0 }, { 0, POLLIN, 0 } };
		ssize_t n;
		char c;

		if (poll(p, 2, -1) < 0 && errno != EINTR)
			return 0;
		if (p[0].revents & POLLIN) {
			struct signalfd_siginfo si;
			int sig = 0;

			while (read(sfd, &si, sizeof(si)) == sizeof(si))
				if (si.ssi_signo != SIGCHLD)
					sig = (int)si.ssi_signo;
			if (sig)
				return -sig;
		}
		if (!(p[1].revents & (POLLIN | POLLHUP)))
			continue;
		/* byte by byte: the rest of stdin is the next command's */
		while ((n = read(0, &c, 1)) == 1) {
			if (c == '\n') {
				buf[o] = '\0';
				return 1;
			}
			if (o < len - 1)
				buf[o++] = c;
		}
		if (n == 0)
			return 0;
		if (errno != EINTR && errno != EAGAIN)
			return 0;
	}
}

static int serve(const char *slot)
{
	char cmd[16384];
	int r, null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	while ((r = read_command(cmd, sizeof(cmd))) > 0) {
		char *argv[512], *rest = cmd, *tok;
		int argc = 0, interrupted = 0, rc;
		FILE *out;

		/* strsep, not strtok: an empty TIMINGFILE is a field too */
		while ((tok = strsep(&rest, "\t")) && argc < 511)
			argv[argc++] = tok;
		argv[argc] = NULL;
		if (argc < 4) {
			fprintf(stderr, "nsc-exec: slot %s: bad command\n", slot);
			return 2;
		}
		out = fopen(argv[1], "we");
		if (!out) {
			fprintf(stderr, "nsc-exec: %s: %m\n", argv[1]);
			rc = 2;
		} else {
			/* stdin is our command FIFO: the program gets /dev/null */
			rc = run_one(out, atoi(argv[0]), argv[2][0] ? argv[2] : NULL,
				     argv + 3, null_fd, &interrupted);
			fclose(out);
		}
		printf("%s %d\n", slot, rc);
		fflush(stdout);
		if (interrupted)
			return 128 + interrupted;
	}
	return r < 0 ? 128 - r : 0;
}

int main(int argc, char **argv)
{
	const char *timing = NULL, *slot = NULL;
	int timeout = 0, opt, interrupted, rc;
	sigset_t mask;

	while ((opt = getopt(argc, argv, "+S:t:T:")) != -1) {
		switch (opt) {
		case 'S':
			slot = optarg;
			break;
		case 't':
			timeout = atoi(optarg);
			break;
		case 'T':
			timing = optarg;
			break;
		default:
			fprintf(stderr, "usage: nsc-exec [-t SECONDS] [-T FILE] -- PROGRAM [ARGS...] | -S SLOT\n");
			return 2;
		}
	}
	if (!slot && optind >= argc) {
		fprintf(stderr, "usage: nsc-exec [-t SECONDS] [-T FILE] -- PROGRAM [ARGS...] | -S SLOT\n");
		return 2;
	}
	/* a slot must not hold the runner's other FIFOs open (their readers
	 * would never see EOF), nor hand them to the programs it runs */
	if (slot)
		close_fds_from(3);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	/* if the runner is SIGKILLed, we get SIGTERM and take the tree down */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0) {
		perror("nsc-exec: setup");
		return 2;
	}
	if (slot)
		return serve(slot);
	rc = run_one(stdout, timeout, timing, argv + optind, -1, &interrupted);
	return rc;
}
