// SPDX-License-Identifier: GPL-2.0
/* The helpers user_util.h declares, compiled once for the suite's programs. */
#include <errno.h>
#include <stdio.h>

#include "user_util.h"

int user_drop_privs(void)
{
	return nsc_drop_to(USER_UNPRIV_ID, USER_UNPRIV_ID);
}

int user_park_start(struct nsc_child *c, uint64_t flags)
{
	if (nsc_child_start(c, CLONE_NEWUSER | flags, nsc_child_park, NULL))
		return -1;
	if (nsc_recv_byte(c->sock) != 'r') {
		errno = ECHILD;
		return -1;
	}
	if (nsc_ns_ino(c->pid, "user") == nsc_ns_ino(0, "user")) {
		errno = EEXIST;	/* the namespace was not created */
		return -1;
	}
	return 0;
}

int user_write_pid(pid_t pid, const char *name, const char *val)
{
	char path[64];

	return nsc_write_file(nsc_proc_path(path, sizeof(path), pid, name), val);
}

ssize_t user_read_pid(pid_t pid, const char *name, char *buf, size_t len)
{
	char path[64];

	return nsc_read_file(nsc_proc_path(path, sizeof(path), pid, name), buf,
			     len);
}

int user_map_line(pid_t pid, const char *name,
		  unsigned long *first, unsigned long *lower,
		  unsigned long *count)
{
	char buf[4096];

	if (user_read_pid(pid, name, buf, sizeof(buf)) < 0)
		return -1;
	if (sscanf(buf, "%lu %lu %lu", first, lower, count) != 3) {
		errno = ENODATA;
		return -1;
	}
	return 0;
}

int user_write_errno(pid_t pid, const char *name, const char *val)
{
	errno = 0;
	return user_write_pid(pid, name, val) ? errno : 0;
}

int run_helper(const char *path, struct helper_out *o)
{
	static struct nsc_run r;

	if (nsc_run(&r, path, NULL))
		return -1;
	if (r.exit_code || sscanf(r.out, "%u %u %llx", &o->euid, &o->egid,
				  &o->eff) != 3) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}
