/* SPDX-License-Identifier: GPL-2.0 */
/* Where the suite stands and environment causes (part of nsc.h, which includes it). */
#ifndef NSC_ENV_H
#define NSC_ENV_H

#include "nsc.h"

/* ------------------------------------------------------------------ */
/* Where the suite stands (lib/env.c)                                   */
/* ------------------------------------------------------------------ */
/* Read once per program, in the user ns it started in. */
bool nsc_nstype_missing(const struct nsc_nstype *t);	/* no /proc/self/ns link */
bool nsc_nstype_limit0(const struct nsc_nstype *t);	/* user.max_*_namespaces 0 */
int nsc_nstypes_missing(void);	/* masks over NSC_NS_* */
int nsc_nstypes_limit0(void);
/* The link ("uts", "pid_for_children") exists on this kernel. */
bool nsc_nslink_present(const char *link);
/* Mask over nsc_nslinks of the links this kernel has (all ten on a kernel
 * with every type), and the CLONE_NEW* flags of the types it has. */
unsigned int nsc_nslinks_present_mask(void);
uint64_t nsc_ns_flags_present(void);
/* ... and of those, the ones whose user.max_*_namespaces is not 0. */
uint64_t nsc_ns_flags_usable(void);
/* Pid ns nesting level (0 = initial), or -1: ENODATA when /proc belongs to
 * a non-initial pid ns and hides the levels above it. */
int nsc_pidns_level(void);
/* User ns nesting level: 0 in the initial one, else -1 with ENODATA (a
 * user ns cannot ask for its own parent: NS_GET_PARENT gives EPERM). */
int nsc_userns_level(void);
/* 1 in the initial pid ns, 0 not, -1 when /proc/self/ns/pid is unreadable. */
int nsc_in_init_pidns(void);
/* The switch that keeps this (non-root) process from creating user
 * namespaces ("kernel.unprivileged_userns_clone = 0"), or NULL. */
const char *nsc_userns_restriction(void);
/*
 * Environment causes: a failed namespace creation that these facts explain
 * (EINVAL for a type the kernel lacks, ENOSPC for a type whose limit is 0,
 * EPERM for a user ns while unprivileged ones are restricted) is noted by
 * nsc_env_note(); unshare() itself, nsc_clone3, nsc_child_* and
 * nsc_drop_to() note theirs. The harness resets the note before each test
 * and turns a FAIL after a note into a SKIP with its reason.
 */
void nsc_env_note(uint64_t flags, int err, const char *call);
void nsc_env_cause_set(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
const char *nsc_env_cause(void);
void nsc_env_cause_reset(void);
/* The harness hands over the running test's exit code: a cause noted once
 * the test has already failed explains nothing before it
 * (nsc_env_cause_late), and that FAIL stands. */
void nsc_env_watch(const int *exit_code, int fail_value);
bool nsc_env_cause_late(void);
/*
 * Observation fails closed: a helper that could not read what it was asked
 * to observe (nsc_ns_ino, nsc_ns_snapshot) notes it here, and the harness
 * FAILs a test that would otherwise pass, with this message. Reset with
 * nsc_env_cause_reset().
 */
void nsc_obs_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *nsc_obs_failure(void);

#define NSC_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Path of a helper program built next to this test binary: 0 when it is
 * executable, -1 with errno (lib/proc.c). */
int nsc_helper_path(const char *name, char *buf, size_t len);

#endif /* NSC_ENV_H */
