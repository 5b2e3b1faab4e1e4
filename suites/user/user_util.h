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

#include "nsc.h"
#include "nsc_child.h"

/* The id a root run drops to for "unprivileged" claims: outside the
 * ranges distributions hand out, and different from the overflow id. */
#define USER_UNPRIV_ID 61234

/* Becomes an unprivileged process: a no-op when not root, else drops to
 * USER_UNPRIV_ID (staying dumpable, keeping the parent-death signal). */
int user_drop_privs(void);

#define ASSERT_DROP_PRIVS() do { \
	ASSERT_EQ(0, user_drop_privs()) TH_LOG("dropping to uid %d: %m", \
					       USER_UNPRIV_ID); \
	ASSERT_FALSE(nsc_cap_effective(CAP_SETUID)) \
		TH_LOG("still holds CAP_SETUID after dropping privileges"); \
} while (0)

/* Starts a parked child in a new user ns (plus extra flags) and waits until
 * it runs; the child's user ns inode must differ from ours. */
int user_park_start(struct nsc_child *c, uint64_t flags);

#define ASSERT_PARK(c, flags) \
	ASSERT_EQ(0, user_park_start((c), (flags))) \
		TH_LOG("parked child in a new user ns: %m " \
		       "(EEXIST: the child shares our user ns)")

/* Writes /proc/PID/NAME ("uid_map", ...) in one write(2), or reads it. */
int user_write_pid(pid_t pid, const char *name, const char *val);
ssize_t user_read_pid(pid_t pid, const char *name, char *buf, size_t len);

/* First line of a map file as three numbers; 0 on success. */
int user_map_line(pid_t pid, const char *name,
		  unsigned long *first, unsigned long *lower,
		  unsigned long *count);

/* Errno of a write that should fail, 0 if it succeeded. */
int user_write_errno(pid_t pid, const char *name, const char *val);

/* What caps_helper prints: its euid, egid and effective capability set. */
struct helper_out {
	unsigned int euid, egid;
	unsigned long long eff;
};

/* Runs the caps helper (path) and parses its line. */
int run_helper(const char *path, struct helper_out *o);

#endif /* NSC_USER_UTIL_H */
