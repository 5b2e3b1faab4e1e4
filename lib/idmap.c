// SPDX-License-Identifier: GPL-2.0
/* uid/gid map writing for user namespaces. */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "nsc.h"

static int write_pid_file(pid_t pid, const char *name, const char *val)
{
	char path[64];

	return nsc_write_file(nsc_proc_path(path, sizeof(path), pid, name), val);
}

int nsc_write_maps(pid_t pid, const char *uid_map, const char *gid_map,
		   bool deny_setgroups)
{
	if (uid_map && write_pid_file(pid, "uid_map", uid_map))
		return -1;
	if (deny_setgroups && write_pid_file(pid, "setgroups", "deny") &&
	    errno != ENOENT)
		return -1;
	if (gid_map && write_pid_file(pid, "gid_map", gid_map))
		return -1;
	return 0;
}

int nsc_map_root_to(pid_t pid, uid_t outer_uid, gid_t outer_gid)
{
	char um[64], gm[64];

	snprintf(um, sizeof(um), "0 %u 1\n", (unsigned int)outer_uid);
	snprintf(gm, sizeof(gm), "0 %u 1\n", (unsigned int)outer_gid);
	return nsc_write_maps(pid, um, gm, true);
}

int nsc_unshare_userns_root(int extra_flags)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (unshare(CLONE_NEWUSER | extra_flags))
		return -1;
	return nsc_map_root_to(0, uid, gid);
}

int nsc_drop_to(uid_t uid, gid_t gid)
{
	int pdeath = 0;

	if (geteuid() != 0)
		return 0;
	if (prctl(PR_GET_PDEATHSIG, &pdeath, 0, 0, 0))
		pdeath = 0;
	if (setgroups(0, NULL)) {
		char sg[16] = "";

		if (errno == EPERM &&
		    nsc_read_line("/proc/self/setgroups", sg, sizeof(sg)) == 0 &&
		    !strcmp(sg, "deny"))
			nsc_env_cause_set("cannot drop to uid %u: setgroups is denied "
					  "in this user namespace", (unsigned int)uid);
		errno = EPERM;
		return -1;
	}
	if (setresgid(gid, gid, gid) || setresuid(uid, uid, uid)) {
		if (errno == EINVAL)	/* the id has no mapping here */
			nsc_env_cause_set("cannot drop to uid %u/gid %u: not mapped "
					  "in this user namespace",
					  (unsigned int)uid, (unsigned int)gid);
		return -1;
	}
	/* The credential change cleared "dumpable" (our /proc files, uid_map
	 * among them, would turn root-owned) and the parent-death signal. */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0))
		return -1;
	if (pdeath && prctl(PR_SET_PDEATHSIG, pdeath, 0, 0, 0))
		return -1;
	return 0;
}

int nsc_drop_to_nobody(void)
{
	return nsc_drop_to(65534, 65534);
}

int nsc_overflow_uid(void)
{
	long v;

	return nsc_read_long("/proc/sys/kernel/overflowuid", &v) ? -1 : (int)v;
}

int nsc_overflow_gid(void)
{
	long v;

	return nsc_read_long("/proc/sys/kernel/overflowgid", &v) ? -1 : (int)v;
}
