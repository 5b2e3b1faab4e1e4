/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nsbench's statistics (stats.c): pure functions over samples, so the
 * self-test can check them on numbers it makes up.
 *
 * --compare decides from a confidence interval of the ratio of medians
 * (new / baseline): a percentile bootstrap, resampling each side's samples
 * with replacement. An operation regressed when the whole interval lies
 * above 1 + threshold (and the medians differ by more than a floor in
 * absolute time); it improved when the whole interval lies below
 * 1 / (1 + threshold). An interval that straddles the threshold says
 * "not shown", whatever the point estimate: a noisy operation needs a
 * larger change, or more samples, before it is called a regression.
 */
#ifndef NSBENCH_STATS_H
#define NSBENCH_STATS_H

#include <stdint.h>

struct ratio_ci {
	double ratio;		/* median(b) / median(a) */
	double lo, hi;		/* the confidence interval of that ratio */
};

enum verdict { V_SAME, V_REGRESSION, V_IMPROVEMENT };

/* Sorts v in place. */
void stats_sort(double *v, int n);
/* Quantile q of sorted v: the median is the mean of the middle two; any
 * other q is the nearest rank. */
double stats_quantile(const double *v, int n, double q);
/*
 * Percentile-bootstrap interval at CONF (e.g. 0.95) of median(b)/median(a)
 * from RESAMPLES resamples; SEED makes it repeatable. a and b need not be
 * sorted. Returns -1 when either side has no samples or a zero median.
 */
int stats_ratio_ci(const double *a, int na, const double *b, int nb,
		   int resamples, double conf, uint64_t seed,
		   struct ratio_ci *out);
/* The verdict from an interval (see above); threshold as a fraction
 * (0.25), floor in the samples' unit. */
enum verdict stats_decide(const struct ratio_ci *ci, double med_a,
			  double med_b, double threshold, double floor);
/* A seed from a name (FNV-1a), so every operation gets its own stream. */
uint64_t stats_seed(const char *name);

#endif
