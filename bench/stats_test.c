// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of nsbench's --compare decision (stats.c), on made-up samples:
 * nothing here is timed, so it cannot flake. TAP on stdout, exit 0 when
 * every check holds.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stats.h"

#define N 30
static int fails, nr;

static void check(int ok, const char *what)
{
	printf("%sok %d - %s\n", ok ? "" : "not ", ++nr, what);
	fails += !ok;
}

/* Deterministic noise: a skewed spread around 1 (a few slow outliers,
 * like samples of a syscall on a busy machine). */
static void noisy(double *v, int n, double base, unsigned seed)
{
	for (int i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		double u = (double)((seed >> 8) & 0xffff) / 65536.0;

		v[i] = base * (0.9 + 0.2 * u + (u > 0.9 ? 3 * (u - 0.9) * 10 : 0));
	}
}

static enum verdict decide(const double *a, const double *b, int n,
			   struct ratio_ci *ci)
{
	double sa[N], sb[N];

	memcpy(sa, a, sizeof(sa));
	memcpy(sb, b, sizeof(sb));
	stats_sort(sa, n);
	stats_sort(sb, n);
	if (stats_ratio_ci(a, n, b, n, 2000, 0.95, 42, ci))
		return (enum verdict)-1;
	return stats_decide(ci, stats_quantile(sa, n, 0.5),
			    stats_quantile(sb, n, 0.5), 0.25, 0.5);
}

int main(void)
{
	double a[N], b[N], s[5] = { 5, 1, 4, 2, 3 };
	struct ratio_ci ci, ci2;
	char msg[160];

	stats_sort(s, 5);
	check(stats_quantile(s, 5, 0.5) == 3, "median of an odd count is the middle sample");
	check(stats_quantile(s, 4, 0.5) == 2.5, "median of an even count is the mean of the middle two");
	check(stats_quantile(s, 5, 0.95) == 5, "p95 is the nearest rank");

	/* two runs of the same operation: no change */
	noisy(a, N, 100, 1);
	noisy(b, N, 100, 2);
	snprintf(msg, sizeof(msg), "same distribution, other noise: not flagged");
	check(decide(a, b, N, &ci) == V_SAME, msg);
	printf("# same: x%.2f [%.2f, %.2f]\n", ci.ratio, ci.lo, ci.hi);

	/* a planted 1.5x slowdown of every sample */
	for (int i = 0; i < N; i++)
		b[i] = 1.5 * a[(i + 7) % N];
	check(decide(a, b, N, &ci) == V_REGRESSION, "1.5x slower: a regression");
	printf("# 1.5x: x%.2f [%.2f, %.2f]\n", ci.ratio, ci.lo, ci.hi);
	check(ci.lo > 1.25 && ci.hi >= 1.5 && ci.lo <= 1.5,
	      "its interval lies above 1.25 and holds 1.5");

	/* and the other way round */
	check(decide(b, a, N, &ci) == V_IMPROVEMENT, "1.5x faster: an improvement");

	/* 1.2x is within the 25% threshold: not a regression */
	for (int i = 0; i < N; i++)
		b[i] = 1.2 * a[(i + 3) % N];
	check(decide(a, b, N, &ci) == V_SAME, "1.2x slower: under the threshold");

	/* a bimodal operation whose median jumps between the modes: the
	 * point estimate says +67%, the interval says it is not shown */
	for (int i = 0; i < N; i++) {
		a[i] = i < 15 ? 10 + i * 0.01 : 50 + i * 0.01;
		b[i] = i < 13 ? 10 + i * 0.01 : 50 + i * 0.01;
	}
	check(decide(a, b, N, &ci) == V_SAME, "bimodal, median between modes: not flagged");
	printf("# bimodal: x%.2f [%.2f, %.2f]\n", ci.ratio, ci.lo, ci.hi);
	check(ci.ratio > 1.25, "...though its medians moved by more than 25%");

	/* the floor: a large ratio of tiny times is not a regression */
	noisy(a, N, 0.5, 5);
	for (int i = 0; i < N; i++)
		b[i] = 1.6 * a[i];
	check(decide(a, b, N, &ci) == V_SAME, "1.6x of 0.5 us, under the 0.5 us floor: not flagged");

	/* repeatable */
	noisy(a, N, 100, 1);
	noisy(b, N, 130, 9);
	stats_ratio_ci(a, N, b, N, 2000, 0.95, stats_seed("x"), &ci);
	stats_ratio_ci(a, N, b, N, 2000, 0.95, stats_seed("x"), &ci2);
	check(!memcmp(&ci, &ci2, sizeof(ci)), "the same seed gives the same interval");
	check(stats_ratio_ci(a, 0, b, N, 10, 0.95, 1, &ci) == -1, "no samples: an error");

	printf("1..%d\n", nr);
	return fails ? 1 : 0;
}
