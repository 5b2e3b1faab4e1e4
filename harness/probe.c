// SPDX-License-Identifier: GPL-2.0
/*
 * Probes: each returns NULL when the feature or privilege is there, or a
 * short reason that becomes the SKIP message. They only explain a SKIP; an
 * error no probe explains is the test's FAIL.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsc_child.h"

static char reason[512];

int nsc_in_init_userns(void)
{
	/* The initial user ns has the fixed inode PROC_USER_INIT_INO. */
	return nsc_ns_ino(0, "user") == 4026531837UL;
}

const char *nsc_need_root(void)
{
	if (geteuid() != 0)
		return "needs root (running as an unprivileged user)";
	if (!nsc_in_init_userns())
		return "needs root in the initial user namespace";
	if (!nsc_cap_effective(CAP_SYS_ADMIN))
		return "needs CAP_SYS_ADMIN (root without it)";
	return NULL;
}

/* Why user namespaces cannot be created here, from the known switches. */
static const char *userns_denied_reason(int err)
{
	long v;

	if (!nsc_read_long("/proc/sys/user/max_user_namespaces", &v) && v == 0)
		return "user namespaces disabled: user.max_user_namespaces = 0";
	if (!nsc_read_long("/proc/sys/kernel/unprivileged_userns_clone", &v) &&
	    v == 0 && geteuid() != 0)
		return "user namespaces disabled: kernel.unprivileged_userns_clone = 0";
	if (!nsc_read_long("/proc/sys/kernel/apparmor_restrict_unprivileged_userns",
			   &v) && v == 1 && geteuid() != 0)
		return "user namespaces restricted by AppArmor "
		       "(kernel.apparmor_restrict_unprivileged_userns = 1)";
	if (access("/proc/self/ns/user", F_OK))
		return "kernel lacks CONFIG_USER_NS (no /proc/self/ns/user)";
	if (err == ENOSPC)
		return "user namespace limit reached (ENOSPC)";
	return NULL;
}

const char *nsc_need_userns(void)
{
	static int cached = -1;
	int status, err = 0;
	const char *why;
	pid_t pid;

	if (cached == 0)
		return NULL;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return "fork failed while probing user namespaces";
	if (pid == 0) {
		if (unshare(CLONE_NEWUSER))
			_exit(errno & 0xff);
		/* maps must be writable too (an LSM may deny only this) */
		if (nsc_map_root_to(0, 0, 0) && errno == EPERM)
			_exit(250);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return "user namespace probe child died";
	err = WEXITSTATUS(status);
	if (err == 0) {
		cached = 0;
		return NULL;
	}
	why = userns_denied_reason(err);
	if (why)
		return why;
	if (err == 250)
		return NULL; /* creation works; map writes are for the test to judge */
	snprintf(reason, sizeof(reason),
		 "unshare(CLONE_NEWUSER) fails (%s) and no known switch explains it",
		 strerror(err));
	/* Not a probed cause: let the test run and fail visibly. */
	return NULL;
}

const char *nsc_need_nstype(const struct nsc_nstype *t)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/ns/%s", t->name);
	if (access(path, F_OK)) {
		snprintf(reason, sizeof(reason),
			 "kernel lacks %s (no %s)", t->config, path);
		return reason;
	}
	return NULL;
}

const char *nsc_need_tool(const char *tool)
{
	char path[512];

	if (nsc_tool_path(tool, path, sizeof(path)))
		return NULL;
	snprintf(reason, sizeof(reason), "tool '%s' is not installed", tool);
	return reason;
}

const char *nsc_need_cap_bound(int cap, const char *cap_name)
{
	if (nsc_cap_in_bounding(cap))
		return NULL;
	snprintf(reason, sizeof(reason),
		 "%s is not in this process's bounding set", cap_name);
	return reason;
}

const char *nsc_priv_name(enum nsc_priv p)
{
	return p == NSC_PRIV_ROOT ? "root" : "userns";
}

const char *nsc_priv_probe(enum nsc_priv p)
{
	return p == NSC_PRIV_ROOT ? nsc_need_root() : nsc_need_userns();
}

int nsc_priv_enter(enum nsc_priv p)
{
	if (p == NSC_PRIV_ROOT)
		return 0;
	return nsc_unshare_userns_root(0);
}
