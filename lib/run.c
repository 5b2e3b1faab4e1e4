// SPDX-License-Identifier: GPL-2.0
/* Run a tool by argv, without a shell, capturing stdout and stderr. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

int nsc_run_argv(char *const argv[], struct nsc_run *r)
{
	int po[2], pe[2], pexec[2];
	char path[512];
	int fds[2], err = 0;
	ssize_t n;
	pid_t pid;

	r->status = -1;
	r->exit_code = -1;
	r->out[0] = r->err[0] = '\0';
	if (!nsc_tool_path(argv[0], path, sizeof(path))) {
		snprintf(r->err, sizeof(r->err), "%s: not found", argv[0]);
		errno = ENOENT;
		return -1;
	}
	if (pipe2(po, O_CLOEXEC) || pipe2(pe, O_CLOEXEC) ||
	    pipe2(pexec, O_CLOEXEC))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		dup2(devnull, 0);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		execv(path, argv);
		err = errno;
		if (write(pexec[1], &err, sizeof(err)) < 0)
			_exit(127);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	close(pexec[1]);
	fds[0] = po[0];
	fds[1] = pe[0];
	drain(fds, r->out, sizeof(r->out), r->err, sizeof(r->err));
	n = read(pexec[0], &err, sizeof(err));
	close(pexec[0]);
	while (waitpid(pid, &r->status, 0) < 0 && errno == EINTR)
		;
	if (n == sizeof(err)) {
		snprintf(r->err, sizeof(r->err), "exec %s: %s", path,
			 strerror(err));
		errno = err;
		return -1;
	}
	if (WIFEXITED(r->status))
		r->exit_code = WEXITSTATUS(r->status);
	else if (WIFSIGNALED(r->status))
		r->exit_code = 128 + WTERMSIG(r->status);
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
