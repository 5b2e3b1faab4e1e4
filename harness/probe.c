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
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsc_child.h"

static char reason[512];

int nsc_in_init_userns(void)
{
	struct nsc_nsid id;

	/* The initial user ns has the fixed inode PROC_USER_INIT_INO. */
	return !nsc_ns_stat(0, "user", &id) &&
	       id.ino == nsc_nstypes[NSC_NS_USER].init_ino;
}

int nsc_in_init_netns(void)
{
	/* 6.18 gives the initial netns a fixed inode (next to the other
	 * PROC_*_INIT_INO); older kernels allocate one, so compare
	 * with pid 1's netns where we may read it. */
	struct nsc_nsid mine, init;

	if (nsc_ns_stat(0, "net", &mine))
		return 0;
	return mine.ino == nsc_nstypes[NSC_NS_NET].init_ino ||
	       (!nsc_ns_stat(1, "net", &init) && nsc_nsid_eq(&mine, &init));
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
	const char *sw;
	long v;

	if (!nsc_read_long("/proc/sys/user/max_user_namespaces", &v) && v == 0)
		return "user namespaces disabled: user.max_user_namespaces = 0";
	if ((sw = nsc_userns_restriction())) {
		snprintf(reason, sizeof(reason),
			 "unprivileged user namespaces are restricted: %s", sw);
		return reason;
	}
	if (access("/proc/self/ns/user", F_OK))
		return "kernel lacks CONFIG_USER_NS (no /proc/self/ns/user)";
	if (err == ENOSPC)
		return "user namespace limit reached (ENOSPC)";
	return NULL;
}

/*
 * The answer is cached in a shared page: every test runs in a fresh fork of
 * the test program, and all of them should not pay for their own probe.
 */
struct userns_cache {
	int state;		/* 0 unknown, 1 available, 2 denied */
	char reason[256];
};
static struct userns_cache *ucache;

__attribute__((constructor)) static void nsc_probe_init(void)
{
	ucache = mmap(NULL, sizeof(*ucache), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (ucache == MAP_FAILED)
		ucache = NULL;
}

static const char *userns_probe(void)
{
	int status, err = 0;
	const char *why;
	pid_t pid;

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
	if (err == 0 || err == 250)
		return NULL; /* creation works; map writes are for the test to judge */
	why = userns_denied_reason(err);
	/* An errno no known switch explains is not a SKIP cause: the tests
	 * run and fail visibly. */
	return why;
}

const char *nsc_need_userns(void)
{
	const char *why;

	if (ucache && ucache->state)
		return ucache->state == 1 ? NULL : ucache->reason;
	why = userns_probe();
	if (ucache) {
		if (why)
			snprintf(ucache->reason, sizeof(ucache->reason), "%s", why);
		ucache->state = why ? 2 : 1;
	}
	return why;
}

const char *nsc_need_nstype(const struct nsc_nstype *t)
{
	if (nsc_nstype_missing(t)) {
		snprintf(reason, sizeof(reason),
			 "kernel lacks %s (no /proc/self/ns/%s)", t->config,
			 t->name);
		return reason;
	}
	if (nsc_nstype_limit0(t)) {
		snprintf(reason, sizeof(reason),
			 "user.max_%s_namespaces is 0", t->name);
		return reason;
	}
	return NULL;
}

const char *nsc_need_nstypes(uint64_t flags)
{
	for (int i = 0; i < NSC_NS_COUNT; i++) {
		const char *why;

		if (!(flags & (uint64_t)(unsigned int)nsc_nstypes[i].flag))
			continue;
		why = nsc_need_nstype(&nsc_nstypes[i]);
		if (why)
			return why;
	}
	return NULL;
}

const char *nsc_need_init_pidns(void)
{
	int r = nsc_in_init_pidns();

	if (r == 1)
		return NULL;
	if (r == 0)
		return "not in the initial pid namespace";
	snprintf(reason, sizeof(reason), "/proc/self/ns/pid unreadable: %s",
		 strerror(errno));
	return reason;
}

const char *nsc_need_init_userns(void)
{
	if (nsc_in_init_userns())
		return NULL;
	return "not in the initial user namespace";
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
