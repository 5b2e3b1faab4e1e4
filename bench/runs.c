// SPDX-License-Identifier: GPL-2.0
/*
 * nsbench's runs: a measurement is --runs independent runs (each a bench
 * root of its own: a fresh process in fresh namespaces); this file pools
 * them into one table row per operation, keeping each run's median, and
 * decides --compare on those run medians (stats.h says how).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nsbench.h"
#include "stats.h"

#define CONFIDENCE 0.95

void print_table_head(void)
{
	printf("%-52s %5s %10s %10s %10s  %-5s %s\n", "operation", "n", "min",
	       "median", "p95", "unit", "runs spread");
}

void print_row(const struct metric *m)
{
	if (m->skip[0]) {
		printf("%-52s %5s  skipped: %s\n", m->name, "-", m->skip);
		return;
	}
	printf("%-52s %5d %10.1f %10.1f %10.1f  %-5s", m->name, m->n, m->min,
	       m->median, m->p95, m->unit);
	if (m->nruns > 1)
		printf(" %3.0f%% (%d runs)", 100 * stats_spread(m->rmed, m->nruns),
		       m->nruns);
	if (!strcmp(m->unit, "us/op"))
		printf("  (%.0f/s)", 1e6 / m->median);
	printf("\n");
	fflush(stdout);
}

static const struct metric *find(const struct metric *m, int n,
				 const char *name)
{
	for (int j = 0; j < n; j++)
		if (!strcmp(m[j].name, name))
			return &m[j];
	return NULL;
}

/* One operation over every run: skipped if any run skipped it. */
static void merge_one(struct metric *const *run, const int *nrun, int nr,
		      const char *name, struct metric *o)
{
	int total = 0;

	memset(o, 0, sizeof(*o));
	snprintf(o->name, sizeof(o->name), "%s", name);
	for (int r = 0; r < nr; r++) {
		const struct metric *m = find(run[r], nrun[r], name);

		if (!m || m->skip[0] || m->n < 1) {
			snprintf(o->skip, sizeof(o->skip), "run %d: %s", r + 1,
				 m && m->skip[0] ? m->skip : "no samples");
			return;
		}
		o->unit = m->unit;
		total += m->n;
	}
	o->v = calloc((size_t)total, sizeof(double));
	o->rmed = calloc((size_t)nr, sizeof(double));
	for (int r = 0; r < nr; r++) {
		const struct metric *m = find(run[r], nrun[r], name);

		memcpy(o->v + o->n, m->v, (size_t)m->n * sizeof(double));
		o->n += m->n;
		o->rmed[o->nruns++] = stats_median(m->v, m->n);
	}
	stats_sort(o->v, o->n);
	o->min = o->v[0];
	o->median = stats_quantile(o->v, o->n, 0.5);
	o->p95 = stats_quantile(o->v, o->n, 0.95);
}

int runs_merge(struct metric *const *run, const int *nrun, int nr,
	       struct metric *out, int max)
{
	int n = 0;

	for (int i = 0; nr > 0 && i < nrun[0] && n < max; i++)
		merge_one(run, nrun, nr, run[0][i].name, &out[n++]);
	return n;
}

/* Returns the number of regressions; -1 when a side has too few runs. */
int compare(const struct metric *res, int nres, const struct metric *base,
	    int nbase)
{
	int regress = 0, better = 0, matched = 0, unsure = 0;
	double thr = opt.threshold / 100;

	printf("\ncompare with %s: per operation, the median of each run; "
	       "ratio new/base = Hodges-Lehmann estimate over all run pairs, "
	       "[its distribution-free %.0f%% interval (Mann-Whitney)]; a "
	       "regression when the whole interval lies above the bar "
	       "1 + max(%.0f%%, the runs' own spread on either side) and the "
	       "run medians differ by more than %.1f us\n", opt.compare,
	       CONFIDENCE * 100, opt.threshold, opt.floor_us);
	printf("%-11s %-52s %10s    %10s %-5s  %-20s %s\n", "verdict",
	       "operation", "base", "new", "unit", "ratio [interval]", "bar");
	for (int i = 0; i < nres; i++) {
		const struct metric *m = &res[i], *b;
		struct shift_ci ci;
		enum verdict v;
		double ma, mb, bar;

		if (m->skip[0] || !(b = find(base, nbase, m->name)) || b->skip[0])
			continue;
		if (b->nruns < MIN_RUNS || m->nruns < MIN_RUNS) {
			fprintf(stderr, "nsbench: \"%s\": %d run(s) in %s, %d in "
				"this one; --compare needs %d or more on each "
				"side (--runs; a file from an nsbench before "
				"runs were kept must be taken again)\n", m->name,
				b->nruns, opt.compare, m->nruns, MIN_RUNS);
			return -1;
		}
		if (stats_shift_ci(b->rmed, b->nruns, m->rmed, m->nruns,
				   CONFIDENCE, &ci))
			continue;
		matched++;
		ma = stats_median(b->rmed, b->nruns);
		mb = stats_median(m->rmed, m->nruns);
		bar = stats_bar(thr, fmax(stats_spread(b->rmed, b->nruns),
					  stats_spread(m->rmed, m->nruns)));
		v = stats_decide(&ci, bar, ma, mb, opt.floor_us);
		printf("%-11s %-52s %10.1f -> %10.1f %-5s  x%.2f [%.2f, %.2f]  "
		       "%.2f\n", v == V_REGRESSION ? "REGRESSION" :
		       v == V_IMPROVEMENT ? "improvement" : "~", m->name, ma, mb,
		       m->unit, ci.ratio, ci.lo, ci.hi, bar);
		regress += v == V_REGRESSION;
		better += v == V_IMPROVEMENT;
		/* a point estimate past the bar the runs do not bear out */
		unsure += v == V_SAME && ci.ratio > bar && mb - ma > opt.floor_us;
	}
	printf("compare: %d operations matched, %d regression%s, %d "
	       "improvement%s", matched, regress, regress == 1 ? "" : "s",
	       better, better == 1 ? "" : "s");
	if (unsure)
		printf(" (%d more with a slower estimate past the bar that the "
		       "runs do not show beyond noise)", unsure);
	printf("\n");
	return regress;
}
