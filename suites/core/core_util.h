/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the core suite's files. Candidates for lib/ and
 * harness/ (see the suite's report).
 */
#ifndef CORE_UTIL_H
#define CORE_UTIL_H

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "nsc_harness.h"

/* One variant per (privilege flavour, namespace type): variant members
 * `enum nsc_priv priv` and `const struct nsc_nstype *type`. */
#define CORE_PT(f, pn, pv, t) \
	FIXTURE_VARIANT_ADD(f, pn##_##t) { \
		.priv = pv, .type = &nsc_nstypes[NSC_NS_##t] }
#define CORE_PRIV_NSTYPE_VARIANTS_1(f, pn, pv) \
	CORE_PT(f, pn, pv, cgroup); CORE_PT(f, pn, pv, ipc); \
	CORE_PT(f, pn, pv, mnt); CORE_PT(f, pn, pv, net); \
	CORE_PT(f, pn, pv, pid); CORE_PT(f, pn, pv, time); \
	CORE_PT(f, pn, pv, user); CORE_PT(f, pn, pv, uts)
#define CORE_PRIV_NSTYPE_VARIANTS(f) \
	CORE_PRIV_NSTYPE_VARIANTS_1(f, root, NSC_PRIV_ROOT); \
	CORE_PRIV_NSTYPE_VARIANTS_1(f, userns, NSC_PRIV_USERNS)

/* Bit mask over nsc_nslinks of the links that name type t: "pid" and
 * "pid_for_children" for pid (what clone changes). With unshare_view, the
 * links unshare() changes in the caller: only *_for_children for pid and
 * time, the plain link for the other types. */
static inline unsigned int core_type_links(const struct nsc_nstype *t,
					   bool unshare_view)
{
	unsigned int mask = 0;
	size_t n = strlen(t->name);

	for (int i = 0; i < NSC_NSLINK_COUNT; i++) {
		const char *l = nsc_nslinks[i];

		if (strncmp(l, t->name, n))
			continue;
		if (l[n] == '\0' && !(unshare_view && t->for_children))
			mask |= 1u << i;
		if (!strcmp(l + n, "_for_children"))
			mask |= 1u << i;
	}
	return mask;
}

/*
 * fork() a child that waits until *release is closed, then exits 0.
 * Unlike nsc_child_start() it works after unshare(CLONE_NEWPID): the lib's
 * orphan check (getppid() != creator) misfires there because the child's
 * parent lies outside its pid namespace (getppid() == 0).
 */
static inline pid_t core_fork_parked(int *release)
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(p[1]);
		_exit(read(p[0], &c, 1) == 0 ? 0 : 1);
	}
	close(p[0]);
	*release = p[1];
	return pid;
}

/* Releases and reaps a core_fork_parked() child; returns its exit code. */
static inline int core_reap_parked(pid_t pid, int *release)
{
	int st;

	if (*release >= 0)
		close(*release);
	*release = -1;
	if (pid <= 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Child body: reports ready, then waits for 'x'. */
static inline int core_park(int sock, void *arg)
{
	if (nsc_send_byte(sock, 'r'))
		return 1;
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

/*
 * nsc_need_userns() caches its answer only in the process that asked, and
 * every test runs in a fresh fork of the runner: ask once in the runner so
 * each test inherits the answer instead of forking its own probe.
 */
__attribute__((constructor)) static void core_warm_userns_probe(void)
{
	nsc_need_userns();
}

#endif /* CORE_UTIL_H */
