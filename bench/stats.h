/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nsbench's statistics (stats.c): pure functions over numbers, so the
 * self-test can check them on numbers it makes up.
 *
 * --compare decides on RUNS, not on samples: a baseline and a candidate
 * are each several independent runs (processes, each with fresh
 * namespaces), and an operation's figure of one run is the median of its
 * samples in that run. Two runs of the same kernel differ by more than
 * their samples' spread says (CPU frequency, cache and page placement,
 * other load), so the unit of replication is the run.
 *
 * The ratio new/baseline is estimated by the Hodges-Lehmann estimator on
 * the logarithms (the median of the ratios of every candidate run to every
 * baseline run), and its confidence interval is the distribution-free
 * one that inverts the Mann-Whitney rank-sum test (Moses' interval): with
 * c the largest count such that P(U <= c) <= (1 - conf) / 2 under the null
 * hypothesis, it runs from the (c+1)-th smallest to the (c+1)-th largest
 * of those ratios. No assumption about the shape of the noise.
 *
 * An operation regressed when that whole interval lies above a bar of
 * 1 + max(threshold, noise), where noise is the larger spread of the run
 * figures on either side (stats_spread: how far the operation moves
 * between runs of one kernel on its own, which the interval cannot see
 * when the load of the machine drifted between the baseline and now), and
 * the median run figures differ by more than a floor in absolute time.
 * Improvements mirror it.
 */
#ifndef NSBENCH_STATS_H
#define NSBENCH_STATS_H

struct shift_ci {
	double ratio;		/* Hodges-Lehmann estimate of b / a */
	double lo, hi;		/* its interval (0 and INFINITY: too few runs) */
	double conf;		/* the interval's exact coverage */
};

enum verdict { V_SAME, V_REGRESSION, V_IMPROVEMENT };

/* Sorts v in place. */
void stats_sort(double *v, int n);
/* Quantile q of sorted v: the median is the mean of the middle two; any
 * other q is the nearest rank. */
double stats_quantile(const double *v, int n, double q);
/* The median of unsorted v (v is left as it is). */
double stats_median(const double *v, int n);
/* P(U <= u) for the Mann-Whitney statistic of samples of m and n under the
 * null hypothesis (no ties), exact. */
double stats_mw_cdf(int m, int n, int u);
/*
 * The ratio b/a and its interval at CONF (e.g. 0.95), as above. a and b
 * are positive figures (one per run), not necessarily sorted. Returns -1
 * when a side is empty or holds a figure <= 0.
 */
int stats_shift_ci(const double *a, int na, const double *b, int nb,
		   double conf, struct shift_ci *out);
/* How far the figures of one side spread: the (k+1)-th largest over the
 * (k+1)-th smallest, minus 1, with k = n / 8 (the range of 8 runs without
 * the highest and the lowest: one run that a burst of load hit does not
 * set the bar alone). 0 for fewer than 2. */
double stats_spread(const double *v, int n);
/* The bar a ratio must clear: 1 + max(threshold, noise). */
double stats_bar(double threshold, double noise);
/* The verdict (see above); floor in the figures' unit. */
enum verdict stats_decide(const struct shift_ci *ci, double bar,
			  double med_a, double med_b, double floor);

#endif
