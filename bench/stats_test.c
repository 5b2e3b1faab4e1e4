// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of nsbench's --compare decision (stats.c), on made-up run
 * figures: nothing here is timed, so it cannot flake. TAP on stdout, exit
 * 0 when every check holds.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stats.h"

#define R 8		/* runs a side, as nsbench's default */
static int fails, nr;
static unsigned long long seed = 88172645463325252ULL;

static void check(int ok, const char *what)
{
	printf("%sok %d - %s\n", ok ? "" : "not ", ++nr, what);
	fails += !ok;
}

/* xorshift64: the same numbers everywhere; uniform in [0, 1). */
static double uni(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (double)(seed >> 11) / 9007199254740992.0;
}

/* R run medians of an operation costing BASE: each run moved by up to
 * +-SPREAD/2 as a whole (frequency, placement, load), skewed a little. */
static void runs(double *v, double base, double spread)
{
	for (int i = 0; i < R; i++)
		v[i] = base * (1 + spread * (uni() - 0.5) + 0.1 * spread * uni() * uni());
}

static enum verdict decide(const double *a, int na, const double *b, int nb,
			   struct shift_ci *ci)
{
	double bar = stats_bar(0.25, fmax(stats_spread(a, na),
					  stats_spread(b, nb)));

	if (stats_shift_ci(a, na, b, nb, 0.95, ci))
		return (enum verdict)-1;
	return stats_decide(ci, bar, stats_median(a, na), stats_median(b, nb), 0.5);
}

int main(void)
{
	double a[R], b[R], s[5] = { 5, 1, 4, 2, 3 };
	struct shift_ci ci;
	int flagged, covered, found;

	stats_sort(s, 5);
	check(stats_quantile(s, 5, 0.5) == 3, "median of an odd count is the middle sample");
	check(stats_quantile(s, 4, 0.5) == 2.5, "median of an even count is the mean of the middle two");
	check(stats_quantile(s, 5, 0.95) == 5, "p95 is the nearest rank");

	/* the exact null distribution of the Mann-Whitney U */
	check(fabs(stats_mw_cdf(4, 4, 0) - 1.0 / 70) < 1e-12, "P(U <= 0) for 4 and 4 runs is 1/70");
	check(fabs(stats_mw_cdf(5, 5, 2) - 4.0 / 252) < 1e-12, "P(U <= 2) for 5 and 5 runs is 4/252");
	check(fabs(stats_mw_cdf(3, 2, 1) - 2.0 / 10) < 1e-12, "P(U <= 1) for 3 and 2 is 2/10");
	check(fabs(stats_mw_cdf(8, 8, 20) + stats_mw_cdf(8, 8, 43) - 1) < 1e-12,
	      "U's distribution is symmetric (8 and 8)");
	check(stats_mw_cdf(8, 8, 64) == 1, "P(U <= mn) is 1");

	/* the interval: ratios of every pair, ends from the U distribution */
	for (int i = 0; i < 4; i++) {
		a[i] = 10 + i;		/* 10 11 12 13 */
		b[i] = 2 * (10 + i);	/* 20 22 24 26 */
	}
	stats_shift_ci(a, 4, b, 4, 0.95, &ci);
	check(fabs(ci.ratio - 2) < 1e-9, "Hodges-Lehmann: b = 2a gives 2");
	check(fabs(ci.lo - 20.0 / 13) < 1e-9 && fabs(ci.hi - 26.0 / 10) < 1e-9 &&
	      fabs(ci.conf - (1 - 2.0 / 70)) < 1e-12,
	      "4 and 4 runs: the 97.1% interval is [min, max] of the 16 ratios");
	stats_shift_ci(a, 3, b, 3, 0.95, &ci);
	check(ci.lo == 0 && isinf(ci.hi), "3 and 3 runs: no 95% interval (unbounded)");
	check(decide(a, 3, b, 3, &ci) == V_SAME, "...so even 2x is never flagged");

	/* same kernel, other runs: 2000 made-up comparisons, 8 runs a side,
	 * runs that move by +-10% as a whole */
	flagged = covered = 0;
	for (int k = 0; k < 2000; k++) {
		runs(a, 100, 0.2);
		runs(b, 100, 0.2);
		flagged += decide(a, R, b, R, &ci) != V_SAME;
		covered += ci.lo <= 1 && ci.hi >= 1;
	}
	printf("# same: %d of 2000 flagged, interval held 1 in %d\n", flagged, covered);
	check(flagged == 0, "same operation, 2000 pairs of 8-run sides: none flagged");
	check(covered >= 1900, "the interval holds the true ratio 1 in >= 95% of them");

	/* runs that spread wide (+-40%): the bar follows the spread */
	flagged = 0;
	for (int k = 0; k < 2000; k++) {
		runs(a, 100, 0.8);
		runs(b, 100, 0.8);
		flagged += decide(a, R, b, R, &ci) != V_SAME;
	}
	check(flagged == 0, "a wide-spread operation (+-40% a run): none of 2000 flagged");

	/* a planted 1.5x slowdown of a steady operation */
	found = 0;
	for (int k = 0; k < 2000; k++) {
		runs(a, 100, 0.1);
		runs(b, 150, 0.1);
		found += decide(a, R, b, R, &ci) == V_REGRESSION;
	}
	printf("# 1.5x: found in %d of 2000\n", found);
	check(found == 2000, "1.5x slower (+-5% a run): a regression in 2000 of 2000");
	check(ci.lo > 1.25 && ci.lo <= 1.5 && ci.hi >= 1.5,
	      "its interval lies above 1.25 and holds 1.5");
	check(decide(b, R, a, R, &ci) == V_IMPROVEMENT, "1.5x faster: an improvement");

	/* 1.2x is within the 25% threshold */
	runs(a, 100, 0.05);
	runs(b, 120, 0.05);
	check(decide(a, R, b, R, &ci) == V_SAME, "1.2x slower: under the 25% bar");

	/* one run far off on a side does not set the bar alone; two do */
	runs(a, 100, 0.1);
	runs(b, 150, 0.1);
	a[3] = 60;
	check(decide(a, R, b, R, &ci) == V_REGRESSION, "one baseline run at 0.6x: 1.5x still a regression");
	a[5] = 62;
	check(decide(a, R, b, R, &ci) == V_SAME, "...and with another at 0.62x (the middle runs spread 60%+): not shown");
	{
		double w[R] = { 60, 100, 101, 102, 103, 104, 105, 200 };

		check(fabs(stats_spread(w, R) - 0.05) < 1e-9 &&
		      fabs(stats_spread(w, R - 1) - 0.75) < 1e-9,
		      "spread: 8 runs drop one at each end (5%), 7 do not (75%)");
	}

	/* the floor: a large ratio of tiny times is not a regression */
	runs(a, 0.5, 0.1);
	runs(b, 0.8, 0.1);
	check(decide(a, R, b, R, &ci) == V_SAME, "1.6x of 0.5 us, under the 0.5 us floor: not flagged");

	check(stats_shift_ci(a, 0, b, R, 0.95, &ci) == -1, "no runs: an error");
	a[0] = 0;
	check(stats_shift_ci(a, R, b, R, 0.95, &ci) == -1, "a run figure of 0: an error");

	printf("1..%d\n", nr);
	return fails ? 1 : 0;
}
