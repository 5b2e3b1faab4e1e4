// SPDX-License-Identifier: GPL-2.0
/*
 * nsbench's operation table: one row per operation, bound to each
 * namespace type its mask names. A new operation is one function (ops.c)
 * and one row here. Rows with a type mask that follow each other form a
 * group, run type by type (all of cgroup's rows, then ipc's, ...).
 */
#include <fnmatch.h>
#include <string.h>

#include "nsbench.h"

#define NS_TYPES_BUT(x) (ALL_TYPES & ~(x))

static const struct op_def op_table[] = {
	{ "harness: fork+exit+wait", op_h_fork },
	{ "harness: double fork (kselftest style)", op_h_dfork },
	{ "harness: socketpair 1-byte round trip", op_h_sock },
	{ "harness: pidfd_open+waitid reap", op_h_pidfd },
	{ "harness: nsc_child_start+wait, no ns", op_h_child },
	{ "harness: nsc_child_run, no ns (shared mm)", op_h_run },
	{ "harness: fork+exit+wait, another CPU busy", op_h_fork_busy },
	{ "clone3 baseline (no new ns)", op_clone3 },
	/* the per-type group */
	{ "%s create (unshare)", op_unshare, ALL_TYPES, .settle = true },
	{ "%s create (clone3)", op_clone3, ALL_TYPES, .settle = true },
	{ "%s join (setns fd)", op_setns_fd, ALL_TYPES },
	{ "%s join (setns pidfd)", op_setns_pidfd, ALL_TYPES },
	{ "net destroy: cleanup starts (RTM_DELNSID)", op_destroy_net,
	  TYPE_BIT(NSC_NS_NET),
	  .more = { "net destroy: devices gone (veth RTM_DELLINK)" } },
	{ "pid destroy (kill init+reap)", op_destroy_pid, TYPE_BIT(NSC_NS_PID) },
	{ "%s destroy (close last ref)", op_destroy_fd,
	  NS_TYPES_BUT(TYPE_BIT(NSC_NS_NET) | TYPE_BIT(NSC_NS_PID)) },
	{ "%s create+destroy loop x%d, per op", op_loop, ALL_TYPES,
	  .unit = "us/op" },
	/* one-off again */
	{ "container start: clone3 all 8 (return)", op_container,
	  .more = { "container start: clone3 all 8 (child runs)" },
	  .settle = true },
	{ NULL, op_nest, TYPE_BIT(NSC_NS_PID), .nest = true },
	{ NULL, op_nest, TYPE_BIT(NSC_NS_USER), .nest = true },
};

/* The order types run in: alphabetical, as the table printed before. */
static const int type_order[] = { NSC_NS_CGROUP, NSC_NS_IPC, NSC_NS_MNT,
	NSC_NS_NET, NSC_NS_PID, NSC_NS_TIME, NSC_NS_USER, NSC_NS_UTS };

struct op ops[MAX_OPS];
int nops;

/* Nesting rows report the levels 2, 8, 16, 24, 32 below the bench root
 * (and the first level when that is deeper than 2), then the chain. */
static void nest_expand(struct op *o)
{
	static const int want[] = { 2, 8, 16, 24, 32 };
	bool user = o->t == NSC_NS_USER;
	int base = user ? C.user_level : C.pid_level;

	o->nout = 0;
	if (base + 1 < want[0])
		o->levels[o->nout++] = base + 1;
	for (size_t k = 0; k < NSC_ARRAY_SIZE(want); k++)
		if (want[k] > base)
			o->levels[o->nout++] = want[k];
	for (int k = 0; k < o->nout; k++)
		snprintf(o->name[k], sizeof(o->name[k]), "%s nest: %s at level %d",
			 nsc_nstypes[o->t].name, user ? "unshare" : "clone3",
			 o->levels[k]);
	snprintf(o->name[o->nout], sizeof(o->name[0]), user ?
		 "user nest: unshare levels %d..%d, sum" :
		 "pid nest: clone3 chain levels %d..%d, create+exit wall",
		 base + 1, MAX_NEST);
	o->nout++;
}

static void bind_op(const struct op_def *d, int t)
{
	struct op *o = &ops[nops++];

	memset(o, 0, sizeof(*o));
	o->def = d;
	o->t = t;
	o->unit = d->unit ? d->unit : "us";
	/* only a netns leaves teardown work behind (type-less rows: all) */
	o->settle = d->settle && (t < 0 || t == NSC_NS_NET);
	if (d->nest) {
		nest_expand(o);
		return;
	}
	snprintf(o->name[0], sizeof(o->name[0]), d->name,
		 t < 0 ? "" : nsc_nstypes[t].name, opt.loop);
	for (o->nout = 1; o->nout < NOUT_MAX && d->more[o->nout - 1]; o->nout++)
		snprintf(o->name[o->nout], sizeof(o->name[0]), "%s",
			 d->more[o->nout - 1]);
}

void build_ops(void)
{
	size_t i = 0, n = NSC_ARRAY_SIZE(op_table);

	nops = 0;
	while (i < n) {
		size_t end = i;

		if (!op_table[i].types || op_table[i].nest) {
			bind_op(&op_table[i], op_table[i].nest ?
				__builtin_ctz(op_table[i].types) : -1);
			i++;
			continue;
		}
		while (end < n && op_table[end].types && !op_table[end].nest)
			end++;
		for (size_t k = 0; k < NSC_ARRAY_SIZE(type_order); k++)
			for (size_t r = i; r < end; r++)
				if (op_table[r].types & TYPE_BIT(type_order[k]))
					bind_op(&op_table[r], type_order[k]);
		i = end;
	}
}

int run_op(const struct op *o, double *out)
{
	return o->def->fn(o, out);
}

static bool pat_match(const char *pat, const char *name)
{
	if (strpbrk(pat, "*?["))
		return !fnmatch(pat, name, 0);
	return strstr(name, pat) != NULL;
}

bool name_selected_by(const char *patterns, const char *name)
{
	char buf[256], *save, *p;

	snprintf(buf, sizeof(buf), "%s", patterns);
	for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save))
		if (pat_match(p, name))
			return true;
	return false;
}

bool name_selected(const char *name)
{
	return !opt.filter || name_selected_by(opt.filter, name);
}

bool op_selected(const struct op *o)
{
	for (int i = 0; i < o->nout; i++)
		if (name_selected(o->name[i]))
			return true;
	return false;
}
