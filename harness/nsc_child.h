/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Children in new namespaces, with a socketpair handshake, and probes that
 * return a SKIP reason. Independent of the kselftest header so lib-level
 * programs (bench, helpers) can use it too.
 */
#ifndef NSC_CHILD_H
#define NSC_CHILD_H

#include <stdint.h>
#include <sys/types.h>

#include "nsc.h"

#define NSC_SKIP_RC 4	/* same value as KSFT_SKIP */

struct nsc_child {
	pid_t pid;
	int pidfd;
	int sock;	/* parent's end of the handshake socketpair */
	void *vm_stack;	/* a nsc_child_park child sharing our mm: its stack */
};

#define NSC_CHILD_INIT { .pid = -1, .pidfd = -EBADF, .sock = -EBADF }

typedef int (*nsc_child_fn)(int sock, void *arg);

/*
 * clone3(flags | CLONE_PIDFD) a child that runs fn(sock, arg) and exits with
 * its return value. The child gets SIGKILL when the test process dies, so no
 * child outlives a killed test. Returns 0, or -1 with errno from clone3.
 */
int nsc_child_start(struct nsc_child *c, uint64_t flags, nsc_child_fn fn,
		    void *arg);
/* As nsc_child_start, with CLONE_INTO_CGROUP: the child starts in the
 * cgroup (v2 directory) that cgroup_fd refers to. */
int nsc_child_start_cgroup(struct nsc_child *c, uint64_t flags, int cgroup_fd,
			   nsc_child_fn fn, void *arg);
/*
 * Runs fn(sock, arg) in a child with these clone flags and waits for it:
 * nsc_child_start + nsc_child_wait for a child that needs nothing from its
 * parent while it runs (the parent is suspended meanwhile). The child
 * shares our memory until it exits, so it must not rely on a copy.
 * Returns what nsc_child_wait returns, or -1 with errno from clone.
 */
int nsc_child_run(uint64_t flags, nsc_child_fn fn, void *arg);
/*
 * As nsc_child_start, but fn runs only after nsc_child_release(c): until
 * then the child surely lives, and the parent can read its /proc/PID/ns
 * links (a child that may already have exited cannot be observed).
 */
int nsc_child_start_held(struct nsc_child *c, uint64_t flags, nsc_child_fn fn,
			 void *arg);
int nsc_child_release(struct nsc_child *c);
/* Waits; returns the exit code, 128+signal if killed, -1 on error. */
int nsc_child_wait(struct nsc_child *c);
/* SIGKILL and reap; for teardown, never fails loudly. */
void nsc_child_kill(struct nsc_child *c);
/*
 * A child body that reports 'r' when it is running, then waits for 'x'.
 * Started by nsc_child_start with namespace flags only (not time), it runs
 * without an address space of its own: a few raw syscalls on a stack we
 * map, sharing our memory, never touching libc (x86_64; a fork elsewhere).
 */
int nsc_child_park(int sock, void *arg);

/* Child-side reporting. */
void nsc_child_log(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void nsc_set_skip_reason(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
const char *nsc_skip_reason(void);

#define CHILD_ASSERT(cond, fmt, ...) do { \
	if (!(cond)) { \
		nsc_child_log(__FILE__, __LINE__, "%s: " fmt, #cond, \
			      ##__VA_ARGS__); \
		return 1; \
	} \
} while (0)

#define CHILD_SKIP(fmt, ...) do { \
	nsc_set_skip_reason(fmt, ##__VA_ARGS__); \
	return NSC_SKIP_RC; \
} while (0)

/* ---- privilege flavours ---- */
enum nsc_priv {
	NSC_PRIV_ROOT,		/* real root in the initial user ns */
	NSC_PRIV_USERNS,	/* root of a fresh user ns, whoever runs us */
};
const char *nsc_priv_name(enum nsc_priv p);
/* Reason this flavour cannot run here, or NULL. */
const char *nsc_priv_probe(enum nsc_priv p);
/* Enters the flavour (USERNS: new user ns, 0 mapped to our ids). */
int nsc_priv_enter(enum nsc_priv p);

/* ---- probes: NULL when the feature is there, else a SKIP reason ---- */
const char *nsc_need_root(void);
const char *nsc_need_userns(void);
/* The kernel has the type and its user.max_*_namespaces is not 0. */
const char *nsc_need_nstype(const struct nsc_nstype *t);
/* nsc_need_nstype for every type in CLONE_NEW* flags. */
const char *nsc_need_nstypes(uint64_t flags);
const char *nsc_need_init_pidns(void);
const char *nsc_need_init_userns(void);
const char *nsc_need_tool(const char *tool);
const char *nsc_need_cap_bound(int cap, const char *cap_name);
/* True when the process is in the initial user namespace. */
int nsc_in_init_userns(void);
/* True when the process is in the initial network namespace. */
int nsc_in_init_netns(void);

#endif /* NSC_CHILD_H */
