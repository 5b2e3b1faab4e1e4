/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the cgroup-namespace suite (candidates for lib/): find
 * the cgroup2 hierarchy, make a scratch child cgroup under the caller's own
 * cgroup, move processes, read /proc/PID/cgroup lines, clone3 into a cgroup.
 */
#ifndef NSC_CG_UTIL_H
#define NSC_CG_UTIL_H

#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "nsc.h"
#include "nsc_child.h"

struct cg_scratch {
	char mnt[256];		/* cgroup2 mount point */
	char base[768];		/* the directory of our cgroup ns root */
	int up;			/* levels from our cgroup ns root up to the
				 * mount's root ("/.." per level in mountinfo) */
	char self[512];		/* our cgroup, as /proc/self/cgroup shows it */
	char dir[1024];		/* scratch cgroup directory */
	char rel[768];		/* its path as our cgroup ns shows it */
	char sub[4][64];	/* sub-cgroups made under dir, for removal */
	int nsub;
	bool made;
};

/* Mount point (256 bytes) of the cgroup2 hierarchy wherever mountinfo has
 * it, or -1 ENOENT (or mountinfo's own errno). */
int cg2_find_mount(char *mnt);

/* The path after "PREFIX" (e.g. "0::") in /proc/PID/cgroup (pid 0 = self). */
int cg_path_of(pid_t pid, const char *prefix, char *out, size_t len);

/*
 * Makes the scratch cgroup. Returns NULL or a SKIP reason (no cgroup2
 * hierarchy, or not writable); other errors return NULL with s->made false
 * and errno set, for the test to FAIL.
 */
const char *cg_scratch_make(struct cg_scratch *s);

/* Makes dir/sub (sub may be "a" or "a/c"); remembered for removal. */
int cg_scratch_sub(struct cg_scratch *s, const char *sub);

/* Teardown: removes the sub-cgroups (newest first) and the scratch one. */
void cg_scratch_remove(struct cg_scratch *s);

/* Writes pid into <scratch>/<sub>/cgroup.procs (sub NULL: the scratch). */
int cg_move(const struct cg_scratch *s, const char *sub, pid_t pid);

/*
 * A member child driven by one-byte commands from the parent, so one child
 * can be moved around and asked for its view several times:
 *   'u' unshare(CLONE_NEWCGROUP)   'r' send own 0:: path
 *   'p' <pid> send PID's 0:: path  's' <fd> setns(fd, CLONE_NEWCGROUP)
 *   'a' every line of /proc/self/cgroup shows "/"?   'x' exit
 * Replies: 'k' (done) or a 256-byte path; anything else is a failure.
 */
#define CG_PATH_LEN 256
int cg_member(int sock, void *arg);

/* Parent side: a command without data; 0 when the member answered 'k'. */
int cg_cmd(struct nsc_child *c, char cmd);

/* Parent side: the member's view of its own (pid 0) or PID's 0:: path. */
int cg_view(struct nsc_child *c, pid_t pid, char *out);

#endif /* NSC_CG_UTIL_H */
