// SPDX-License-Identifier: GPL-2.0
/* Run a tool by argv, without a shell, capturing stdout and stderr. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsc.h"

#define NSC_MAX_ARGS 64

const char *nsc_tool_path(const char *name, char *buf, size_t len)
{
	const char *path = getenv("PATH");
	char dirs[1024];
	char *save = NULL, *d;

	if (strchr(name, '/')) {
		if (access(name, X_OK))
			return NULL;
		snprintf(buf, len, "%s", name);
		return buf;
	}
	snprintf(dirs, sizeof(dirs), "%s:/usr/sbin:/sbin:/usr/bin:/bin",
		 path ? path : "");
	for (d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		struct stat st;

		snprintf(buf, len, "%s/%s", d, name);
		if (!stat(buf, &st) && S_ISREG(st.st_mode) && !access(buf, X_OK))
			return buf;
	}
	return NULL;
}

/*
 * Spawning: the child shares our memory until it execs (CLONE_VM |
 * CLONE_VFORK, as posix_spawn does), so no address space is copied and torn
 * down for a process that only execs. That is most of a fork's cost, and on
 * a shadow-paging VM it stalls every other vCPU too (see bench/README.md).
 * The child runs on a stack in our frame while we are suspended.
 */
struct spawn_ctx {
	const char *path;
	char *const *argv;
	const int *fds;
	unsigned int flags;
	pid_t ppid;
	sigset_t mask;		/* the caller's mask, restored before exec */
	int err;		/* exec's errno, read after the child is gone */
	int errfd;		/* or written here, when the child was forked */
};

static int spawn_child(void *arg)
{
	struct spawn_ctx *c = arg;
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	int i;

	/* our handlers would run on shared memory: back to the defaults */
	for (i = 1; i < _NSIG; i++) {
		struct sigaction old;

		if (!sigaction(i, NULL, &old) && old.sa_handler != SIG_IGN &&
		    old.sa_handler != SIG_DFL)
			sigaction(i, &dfl, NULL);
	}
	if ((c->flags & NSC_SPAWN_PDEATHSIG) && nsc_die_with_parent(c->ppid))
		_exit(137);
	if (c->flags & NSC_SPAWN_SETPGID)
		setpgid(0, 0);
	for (i = 0; i < 3; i++) {
		if (c->fds[i] < 0 || c->fds[i] == i)
			continue;
		if (dup2(c->fds[i], i) < 0)
			goto fail;
	}
	/* c is the caller's memory: change nothing in it but err */
	if (c->flags & NSC_SPAWN_UNBLOCK) {
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
	} else {
		sigprocmask(SIG_SETMASK, &c->mask, NULL);
	}
	execv(c->path, c->argv);
fail:
	c->err = errno;
	if (c->errfd >= 0 && write(c->errfd, &c->err, sizeof(c->err)) < 0)
		_exit(127);
	_exit(127);
}

pid_t nsc_spawn(const char *path, char *const argv[], const int fds[3],
		unsigned int flags)
{
	char stack[32768] __attribute__((aligned(16)));
	struct spawn_ctx c = {
		.path = path, .argv = argv, .fds = fds, .flags = flags,
		.ppid = getpid(), .errfd = -1,
	};
	int status, pfd[2] = { -1, -1 };
	sigset_t all;
	pid_t pid;

	sigfillset(&all);
	fflush(NULL);
	sigprocmask(SIG_BLOCK, &all, &c.mask);
	pid = clone(spawn_child, stack + sizeof(stack),
		    CLONE_VM | CLONE_VFORK | SIGCHLD, &c);
	/* Before 6.4 (or so) a process whose time_for_children differs from
	 * its time namespace may not share its mm: fork instead. */
	if (pid < 0 && errno == EINVAL && !pipe2(pfd, O_CLOEXEC)) {
		c.errfd = pfd[1];
		pid = fork();
		if (pid == 0)
			spawn_child(&c);
		close(pfd[1]);
		if (pid > 0 && read(pfd[0], &c.err, sizeof(c.err)) != sizeof(c.err))
			c.err = 0;
		close(pfd[0]);
	}
	sigprocmask(SIG_SETMASK, &c.mask, NULL);
	if (pid < 0)
		return -1;
	if (c.err) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		errno = c.err;
		return -1;
	}
	return pid;
}

static void drain(int *fds, char *out, size_t olen, char *err, size_t elen)
{
	size_t off[2] = { 0, 0 };
	char *bufs[2] = { out, err };
	size_t lens[2] = { olen, elen };
	struct pollfd p[2] = { { fds[0], POLLIN, 0 }, { fds[1], POLLIN, 0 } };
	int open_fds = 2;

	while (open_fds > 0) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			char tmp[4096];
			ssize_t n;

			if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(p[i].fd, tmp, sizeof(tmp));
			if (n <= 0) {
				close(p[i].fd);
				p[i].fd = -1;
				open_fds--;
				continue;
			}
			if (off[i] < lens[i] - 1) {
				size_t c = (size_t)n;

				if (c > lens[i] - 1 - off[i])
					c = lens[i] - 1 - off[i];
				memcpy(bufs[i] + off[i], tmp, c);
				off[i] += c;
			}
		}
	}
	out[off[0]] = '\0';
	err[off[1]] = '\0';
}

/* A tool (unshare, ip netns add) that could not create a namespace for a
 * reason the environment explains (a type the kernel lacks: EINVAL; a
 * limit at 0: ENOSPC), as for our own unshare(); the tool does not say
 * which type, so every type in mask is named. */
static void note_tool_cause(const struct nsc_run *r, const char *tool,
			    int mask, const char *fmt)
{
	char names[160] = "", what[200];
	bool config = strstr(fmt, "lacks") != NULL;

	for (int i = 0; i < NSC_NS_COUNT; i++)
		if (mask & (1 << i))
			snprintf(names + strlen(names), sizeof(names) - strlen(names),
				 "%s%s", names[0] ? "," : "",
				 config ? nsc_nstypes[i].config : nsc_nstypes[i].name);
	snprintf(what, sizeof(what), fmt, names);
	nsc_env_cause_set("%s (%s: %.80s)", what, tool, r->err);
}

/* unshare(1) asked for a user ns: -U, --user, or an option that implies
 * one (-r, -c, --map-*) */
static bool tool_asks_userns(char *const argv[])
{
	const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];

	if (strcmp(base, "unshare"))
		return false;
	for (int i = 1; argv[i] && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (!strncmp(a, "--user", 6) || !strncmp(a, "--map-", 6))
			return true;
		if (a[1] != '-' && strpbrk(a + 1, "Urc"))
			return true;
	}
	return false;
}

int nsc_run_argv(char *const argv[], struct nsc_run *r)
{
	int po[2], pe[2], fds[3];
	char path[512];
	pid_t pid;
	int saved;

	r->status = -1;
	r->exit_code = -1;
	r->out[0] = r->err[0] = '\0';
	if (!nsc_tool_path(argv[0], path, sizeof(path))) {
		snprintf(r->err, sizeof(r->err), "%s: not found", argv[0]);
		errno = ENOENT;
		return -1;
	}
	if (pipe2(po, O_CLOEXEC))
		return -1;
	if (pipe2(pe, O_CLOEXEC)) {
		saved = errno;
		close(po[0]);
		close(po[1]);
		errno = saved;
		return -1;
	}
	fds[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	fds[1] = po[1];
	fds[2] = pe[1];
	pid = nsc_spawn(path, argv, fds, 0);
	saved = errno;
	if (fds[0] >= 0)
		close(fds[0]);
	close(po[1]);
	close(pe[1]);
	if (pid < 0) {
		close(po[0]);
		close(pe[0]);
		snprintf(r->err, sizeof(r->err), "exec %s: %s", path,
			 strerror(saved));
		errno = saved;
		return -1;
	}
	fds[0] = po[0];
	fds[1] = pe[0];
	drain(fds, r->out, sizeof(r->out), r->err, sizeof(r->err));	/* closes */
	while (waitpid(pid, &r->status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(r->status))
		r->exit_code = WEXITSTATUS(r->status);
	else if (WIFSIGNALED(r->status))
		r->exit_code = 128 + WTERMSIG(r->status);
	/* a tool (unshare, ip netns add) that could not create a namespace
	 * because a limit is 0 here: the environment's cause, as for our
	 * own unshare() (the tool does not say which type) */
	if (r->exit_code && nsc_nstypes_missing() &&
	    strstr(r->err, "Invalid argument"))
		note_tool_cause(r, argv[0], nsc_nstypes_missing(), "kernel lacks %s");
	if (r->exit_code && nsc_nstypes_limit0() &&
	    strstr(r->err, "No space left on device"))
		note_tool_cause(r, argv[0], nsc_nstypes_limit0(),
				"user.max_{%s}_namespaces is 0");
	/* a user ns refused by a restriction switch, as for our own unshare() */
	if (r->exit_code && strstr(r->err, "Operation not permitted") &&
	    tool_asks_userns(argv))
		nsc_env_note(CLONE_NEWUSER, EPERM, argv[0]);
	return 0;
}

static int run_va(struct nsc_run *r, const char *arg0, va_list ap)
{
	char *argv[NSC_MAX_ARGS];
	int i = 0;

	argv[i++] = (char *)arg0;
	while (i < NSC_MAX_ARGS - 1) {
		char *a = va_arg(ap, char *);

		if (!a)
			break;
		argv[i++] = a;
	}
	argv[i] = NULL;
	return nsc_run_argv(argv, r);
}

int nsc_run(struct nsc_run *r, const char *arg0, ...)
{
	va_list ap;
	int ret;

	va_start(ap, arg0);
	ret = run_va(r, arg0, ap);
	va_end(ap);
	return ret;
}

int nsc_run_rc(struct nsc_run *r, const char *arg0, ...)
{
	va_list ap;
	int ret;

	va_start(ap, arg0);
	ret = run_va(r, arg0, ap);
	va_end(ap);
	return ret ? -1 : r->exit_code;
}

int nsc_ip(struct nsc_run *r, ...)
{
	va_list ap;
	int ret;

	va_start(ap, r);
	ret = run_va(r, "ip", ap);
	va_end(ap);
	if (ret)
		return -1;
	return r->exit_code == 0 ? 0 : -1;
}

const char *nsc_run_desc(const struct nsc_run *r, char *buf, size_t len)
{
	snprintf(buf, len, "exit %d: %.*s", r->exit_code, 400, r->err);
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}
