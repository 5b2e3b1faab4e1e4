// SPDX-License-Identifier: GPL-2.0
/*
 * Where the suite stands: which namespace types the kernel has, which
 * user.max_*_namespaces limits are 0, nesting levels, initial namespaces.
 * And the environment cause of a failed namespace creation: when
 * unshare/clone fails for a reason these facts explain (a type the kernel
 * lacks, a limit at 0, restricted unprivileged user namespaces, a uid not
 * mapped here), the failure is noted, and the harness turns the test's FAIL
 * into a SKIP naming that cause. Facts are read once per test program, in
 * the user namespace it started in, and kept in a shared page that every
 * test fork (and every child) sees.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <linux/capability.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nsc.h"

/* the initial namespaces' fixed inodes, from the type table */
#define PROC_USER_INIT_INO nsc_nstypes[NSC_NS_USER].init_ino
#define PROC_PID_INIT_INO nsc_nstypes[NSC_NS_PID].init_ino

struct env_page {
	int ready;
	int missing;		/* mask over NSC_NS_*: no /proc/self/ns link */
	int limit0;		/* mask over NSC_NS_*: user.max_*_namespaces 0 */
	int cause_set;
	int cause_late;		/* the cause came after the test had failed */
	char cause[256];
	int obs_failed;
	char obs[256];
};
static struct env_page *envp;
static struct env_page env_local;	/* when mmap fails */

static void env_read(struct env_page *e)
{
	char path[64];
	long v;

	for (int i = 0; i < NSC_NS_COUNT; i++) {
		const struct nsc_nstype *t = &nsc_nstypes[i];

		snprintf(path, sizeof(path), "/proc/self/ns/%s", t->name);
		if (access(path, F_OK) && errno == ENOENT)
			e->missing |= 1 << i;
		if (!nsc_read_long(t->max_sysctl, &v) && v == 0)
			e->limit0 |= 1 << i;
	}
	e->ready = 1;
}

__attribute__((constructor)) static void env_init(void)
{
	void *p = mmap(NULL, sizeof(*envp), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int saved = errno;

	envp = p == MAP_FAILED ? &env_local : p;
	env_read(envp);
	errno = saved;
}

static struct env_page *env(void)
{
	if (!envp)
		env_init();
	return envp;
}

bool nsc_nstype_missing(const struct nsc_nstype *t)
{
	return env()->missing & (1 << (t - nsc_nstypes));
}

bool nsc_nstype_limit0(const struct nsc_nstype *t)
{
	return env()->limit0 & (1 << (t - nsc_nstypes));
}

int nsc_nstypes_missing(void)
{
	return env()->missing;
}

int nsc_nstypes_limit0(void)
{
	return env()->limit0;
}

bool nsc_nslink_present(const char *link)
{
	char name[32];
	const struct nsc_nstype *t;

	snprintf(name, sizeof(name), "%s", link);
	name[strcspn(name, "_")] = '\0';	/* pid_for_children -> pid */
	t = nsc_nstype_by_name(name);
	return t && !nsc_nstype_missing(t);
}

unsigned int nsc_nslinks_present_mask(void)
{
	unsigned int mask = 0;

	for (int i = 0; i < NSC_NSLINK_COUNT; i++)
		if (nsc_nslink_present(nsc_nslinks[i]))
			mask |= 1u << i;
	return mask;
}

uint64_t nsc_ns_flags_present(void)
{
	uint64_t flags = 0;

	for (int i = 0; i < NSC_NS_COUNT; i++)
		if (!nsc_nstype_missing(&nsc_nstypes[i]))
			flags |= (unsigned int)nsc_nstypes[i].flag;
	return flags;
}

uint64_t nsc_ns_flags_usable(void)
{
	uint64_t flags = nsc_ns_flags_present();

	for (int i = 0; i < NSC_NS_COUNT; i++)
		if (nsc_nstype_limit0(&nsc_nstypes[i]))
			flags &= ~(uint64_t)(unsigned int)nsc_nstypes[i].flag;
	return flags;
}

/* ---- environment causes ------------------------------------------- */

/* the running test's verdict, watched so that a cause noted after a failure
 * does not explain it (process-local: a fork watches its own copy) */
static const int *watch_code;
static int watch_fail;

void nsc_env_watch(const int *exit_code, int fail_value)
{
	watch_code = exit_code;
	watch_fail = fail_value;
}

bool nsc_env_cause_late(void)
{
	return env()->cause_late;
}

void nsc_env_cause_reset(void)
{
	env()->cause_set = 0;
	env()->cause_late = 0;
	env()->cause[0] = '\0';
	env()->obs_failed = 0;
	env()->obs[0] = '\0';
}

void nsc_obs_fail(const char *fmt, ...)
{
	struct env_page *e = env();
	int saved = errno;
	va_list ap;

	if (!e->obs_failed) {
		va_start(ap, fmt);
		vsnprintf(e->obs, sizeof(e->obs), fmt, ap);
		va_end(ap);
		e->obs_failed = 1;
	}
	errno = saved;
}

const char *nsc_obs_failure(void)
{
	return env()->obs_failed ? env()->obs : NULL;
}

const char *nsc_env_cause(void)
{
	return env()->cause_set ? env()->cause : NULL;
}

void nsc_env_cause_set(const char *fmt, ...)
{
	struct env_page *e = env();
	va_list ap;

	if (e->cause_set)	/* the first cause is the one that counts */
		return;
	va_start(ap, fmt);
	vsnprintf(e->cause, sizeof(e->cause), fmt, ap);
	va_end(ap);
	e->cause_late = watch_code && *watch_code == watch_fail;
	e->cause_set = 1;
}

/* A switch that keeps unprivileged users from creating user namespaces,
 * read now (as whoever we are now), or NULL. Unprivileged means without
 * CAP_SYS_ADMIN in the initial user ns (what Debian's switch and AppArmor
 * check): root of any other user ns is unprivileged there, so a user ns
 * made by root cannot make another one. */
const char *nsc_userns_restriction(void)
{
	long v;

	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	struct stat st;

	/* where /proc cannot tell (a chroot), no switch is named: the
	 * test's own verdict stands. capget(2) directly: this file is
	 * linked without libcap. */
	if (stat("/proc/self/ns/user", &st))
		return NULL;
	if (st.st_ino == PROC_USER_INIT_INO &&
	    !syscall(SYS_capget, &h, d) && (d[0].effective & (1u << CAP_SYS_ADMIN)))
		return NULL;
	if (!nsc_read_long("/proc/sys/kernel/unprivileged_userns_clone", &v) &&
	    v == 0)
		return "kernel.unprivileged_userns_clone = 0";
	if (!nsc_read_long("/proc/sys/kernel/apparmor_restrict_unprivileged_userns",
			   &v) && v == 1)
		return "kernel.apparmor_restrict_unprivileged_userns = 1";
	return NULL;
}

void nsc_env_note(uint64_t flags, int err, const char *call)
{
	const char *sw;
	int saved = errno;

	for (int i = 0; i < NSC_NS_COUNT; i++) {
		const struct nsc_nstype *t = &nsc_nstypes[i];

		if (!(flags & (uint64_t)(unsigned int)t->flag))
			continue;
		if (err == EINVAL && nsc_nstype_missing(t)) {
			nsc_env_cause_set("kernel lacks %s (%s: EINVAL, no /proc/self/ns/%s)",
					  t->config, call, t->name);
			break;
		}
		if (err == ENOSPC && nsc_nstype_limit0(t)) {
			nsc_env_cause_set("user.max_%s_namespaces is 0 (%s: ENOSPC)",
					  t->name, call);
			break;
		}
	}
	if ((flags & CLONE_NEWUSER) && (err == EPERM || err == EACCES) &&
	    (sw = nsc_userns_restriction()))
		nsc_env_cause_set("unprivileged user namespaces are restricted: %s "
				  "(%s as uid %d: %s)", sw, call, (int)geteuid(),
				  strerror(err));
	errno = saved;
}

/*
 * unshare(2) for the whole program (a static link takes this one, and so
 * does a dynamic one: the executable's symbol comes first), so that every
 * test's and child's failed unshare is noted.
 */
int unshare(int flags)
{
	long r = syscall(SYS_unshare, flags);

	if (r < 0)
		nsc_env_note((unsigned int)flags, errno, "unshare");
	return (int)r;
}

/* ---- where the suite stands ---------------------------------------- */


int nsc_pidns_level(void)
{
	struct nsc_nsid self, init;
	long v[40];
	int n;

	if (nsc_ns_stat(0, "pid", &self))
		return -1;
	n = nsc_key_vals("/proc/self/status", "NSpid", v, 40);
	if (n < 1) {
		if (n == 0)
			errno = ENODATA;
		return -1;
	}
	if (self.ino == PROC_PID_INIT_INO)
		return n - 1;
	/* /proc shows the levels from its own pid ns down: that must be
	 * the initial one to count them all */
	if (n > 1 && !nsc_ns_stat(1, "pid", &init) &&
	    init.ino == PROC_PID_INIT_INO)
		return n - 1;
	errno = ENODATA;	/* the levels above /proc's pid ns are hidden */
	return -1;
}

int nsc_userns_level(void)
{
	struct nsc_nsid self;

	if (nsc_ns_stat(0, "user", &self))
		return -1;
	if (self.ino == PROC_USER_INIT_INO)
		return 0;
	/* NS_GET_PARENT answers only below the caller's own user ns (EPERM
	 * for our own parent): from inside, the depth is not observable */
	errno = ENODATA;
	return -1;
}

int nsc_in_init_pidns(void)
{
	struct nsc_nsid id;

	if (nsc_ns_stat(0, "pid", &id))
		return -1;
	return id.ino == PROC_PID_INIT_INO;
}
