/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nsbench's modules: the operation table (ops.c, ops_harness.c, table.c),
 * timing and planted slowdowns (timing.c), statistics (stats.h), JSON
 * (json.c), the network teardown it observes (netns.c) and the driver
 * (nsbench.c). Everything runs inside the "bench root" (nsbench.c).
 */
#ifndef NSBENCH_H
#define NSBENCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "nsc_child.h"

#define MAX_NEST 32		/* MAX_PID_NS_LEVEL; user ns allow 32 too */
#define NOUT_MAX 8		/* figures one operation may report */
#define MAX_OPS 96
#define NAME_MAX_LEN 80
#define EVENT_TIMEOUT_MS 10000	/* bound on waiting for a netlink event */
#define MAX_RUNS 64
#define MIN_RUNS 4		/* the fewest per side with a 95% interval */

/* ---- options (nsbench.c) ---- */
struct nsb_opt {
	int runs, samples, warmup, loop, nest_samples, cpu;
	bool quick, list, userns;
	const char *filter, *json, *compare, *input;
	double threshold, floor_us;
	long delay_us;
	const char *slow_pat;	/* --inject-slowdown PATTERN=FACTOR */
	double slow_factor;
};
extern struct nsb_opt opt;

/* ---- the bench root's context (nsbench.c) ---- */
struct nsb_ctx {
	int base[NSC_NS_COUNT];		/* the bench root's own namespaces */
	int tfd[NSC_NS_COUNT];		/* the parked target's namespaces */
	struct nsc_child target;	/* parked in eight new namespaces */
	int nl_ev;			/* rtnetlink: link + nsid events */
	int nsid_next;
	unsigned int ifseq;
	int pid_level, user_level;	/* absolute levels of the bench root */
};
extern struct nsb_ctx C;
extern const char *const base_link[NSC_NS_COUNT];
int tflag(int t);
int back(int t);		/* setns() back to the bench root's ns */

/* ---- failure reasons (timing.c) ---- */
extern char why[200];
/* Records "WHAT: strerror(errno)" as the reason; returns -1. */
__attribute__((format(printf, 1, 2))) int fail(const char *fmt, ...);

/* ---- timing (timing.c) ---- */
uint64_t now_ns(void);
double us_since(uint64_t t0, uint64_t t1);
/* Ends a timed region begun at t0: the planted delay or slowdown, if
 * any, then the elapsed microseconds. */
double lap(uint64_t t0);
/* Whether the operation named NAME gets the planted slowdown. */
void slowdown_select(const char *name);

/* ---- the operations (ops.c, ops_harness.c) ---- */
struct op;
typedef int (*op_fn)(const struct op *o, double *out);

/* A row of the table (table.c); %s in name is the type, %d opt.loop. */
struct op_def {
	const char *name;
	op_fn fn;
	unsigned int types;	/* 0: one op; else one per type in the mask */
	const char *more[NOUT_MAX - 1];	/* names of further figures */
	const char *unit;	/* default "us" */
	bool settle;		/* drain net teardown after each sample */
	bool nest;		/* names and levels come from nest_expand() */
};
#define TYPE_BIT(t) (1u << (t))
#define ALL_TYPES ((1u << NSC_NS_COUNT) - 1)

/* An operation as run: a table row bound to a type. */
struct op {
	const struct op_def *def;
	int t;			/* namespace type, -1 for none */
	int nout;
	bool settle;
	int levels[NOUT_MAX];	/* nesting rows: the levels reported */
	char name[NOUT_MAX][NAME_MAX_LEN];
	const char *unit;
};
extern struct op ops[MAX_OPS];
extern int nops;
void build_ops(void);
bool op_selected(const struct op *o);
bool name_selected(const char *name);
/* PATTERNS: comma-separated substrings, or globs when they have * ? [. */
bool name_selected_by(const char *patterns, const char *name);
int run_op(const struct op *o, double *out);

/* namespace operations (ops.c) */
int op_unshare(const struct op *o, double *out);
int op_clone3(const struct op *o, double *out);
int op_setns_fd(const struct op *o, double *out);
int op_setns_pidfd(const struct op *o, double *out);
int op_destroy_net(const struct op *o, double *out);
int op_destroy_pid(const struct op *o, double *out);
int op_destroy_fd(const struct op *o, double *out);
int op_loop(const struct op *o, double *out);
int op_container(const struct op *o, double *out);
int op_nest(const struct op *o, double *out);
/* the harness's own costs (ops_harness.c) */
int op_h_fork(const struct op *o, double *out);
int op_h_dfork(const struct op *o, double *out);
int op_h_sock(const struct op *o, double *out);
int op_h_pidfd(const struct op *o, double *out);
int op_h_child(const struct op *o, double *out);
int op_h_run(const struct op *o, double *out);
int op_h_fork_busy(const struct op *o, double *out);
/* shared by both */
pid_t raw_clone(uint64_t flags);
int reap(pid_t pid);
void *ops_shm_init(void);	/* the page per-sample children report in */

/* ---- network teardown (netns.c) ---- */
int net_events_open(void);
int net_doomed(int *nsid, int *ifindex);
int net_settle(void);

/* ---- results (nsbench.c, runs.c) and JSON (json.c) ---- */
struct metric {
	char name[NAME_MAX_LEN];
	const char *unit;
	int n;
	double min, median, p95;
	double *v;		/* the n samples (of every run), sorted */
	int nruns;
	double *rmed;		/* each run's median, in run order */
	char skip[200];
};
void print_table_head(void);
void print_row(const struct metric *m);
/* Pools NR runs' results (as json_load gives them) into OUT, one metric
 * per operation of the first run; returns how many. */
int runs_merge(struct metric *const *run, const int *nrun, int nr,
	       struct metric *out, int max);
/* --compare: the number of regressions; -1 when a side has too few runs. */
int compare(const struct metric *res, int nres, const struct metric *base,
	    int nbase);
int json_write(const char *path, const char *mode, const struct metric *m,
	       int n);
int json_load(const char *path, struct metric **out, int *n);
const char *unit_intern(const char *unit);

#endif
