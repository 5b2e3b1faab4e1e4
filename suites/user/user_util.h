/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the user-namespace suite. Candidates for lib/: dropping
 * to a real unprivileged uid, parked user-ns children, map reads.
 */
#ifndef NSC_USER_UTIL_H
#define NSC_USER_UTIL_H

#include <signal.h>
#include <sys/capability.h>
#include <sys/stat.h>

#include "nsc_harness.h"

/* The id a root run drops to for "unprivileged" claims: outside the
 * ranges distributions hand out, and different from the overflow id. */
#define USER_UNPRIV_ID 61234

/* Becomes an unprivileged process: a no-op when not root, else drops to
 * USER_UNPRIV_ID (staying dumpable, keeping the parent-death signal). */
static inline int user_drop_privs(void)
{
	return nsc_drop_to(USER_UNPRIV_ID, USER_UNPRIV_ID);
}

#define ASSERT_DROP_PRIVS() do { \
	ASSERT_EQ(0, user_drop_privs()) TH_LOG("dropping to uid %d: %m", \
					       USER_UNPRIV_ID); \
	ASSERT_FALSE(nsc_cap_effective(CAP_SETUID)) \
		TH_LOG("still holds CAP_SETUID after dropping privileges"); \
} while (0)

/* Starts a parked child in a new user ns (plus extra flags) and waits until
 * it runs; the child's user ns inode must differ from ours. */
static inline int user_park_start(struct nsc_child *c, uint64_t flags)
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

#define ASSERT_PARK(c, flags) \
	ASSERT_EQ(0, user_park_start((c), (flags))) \
		TH_LOG("parked child in a new user ns: %m " \
		       "(EEXIST: the child shares our user ns)")

/* Writes /proc/PID/NAME ("uid_map", ...) in one write(2). */
static inline int user_write_pid(pid_t pid, const char *name, const char *val)
{
	char path[64];

	return nsc_write_file(nsc_proc_path(path, sizeof(path), pid, name), val);
}

static inline ssize_t user_read_pid(pid_t pid, const char *name, char *buf,
				    size_t len)
{
	char path[64];

	return nsc_read_file(nsc_proc_path(path, sizeof(path), pid, name), buf,
			     len);
}

/* First line of a map file as three numbers; 0 on success. */
static inline int user_map_line(pid_t pid, const char *name,
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

/* Errno of a write that should fail, 0 if it succeeded. */
static inline int user_write_errno(pid_t pid, const char *name,
				   const char *val)
{
	errno = 0;
	return user_write_pid(pid, name, val) ? errno : 0;
}

/* What caps_helper prints: its euid, egid and effective capability set. */
struct helper_out {
	unsigned int euid, egid;
	unsigned long long eff;
};

/* Runs the caps helper (path) and parses its line. */
static inline int run_helper(const char *path, struct helper_out *o)
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

#endif /* NSC_USER_UTIL_H */
