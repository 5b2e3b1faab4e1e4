// SPDX-License-Identifier: GPL-2.0
/* nsbench statistics: see stats.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

void stats_sort(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
}

double stats_quantile(const double *v, int n, double q)
{
	int k;

	if (n <= 0)
		return NAN;
	if (q == 0.5)
		return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	k = (int)ceil(q * n) - 1;	/* nearest rank */
	return v[k < 0 ? 0 : k >= n ? n - 1 : k];
}

double stats_median(const double *v, int n)
{
	double *tmp, m;

	if (n <= 0 || !(tmp = malloc((size_t)n * sizeof(*tmp))))
		return NAN;
	memcpy(tmp, v, (size_t)n * sizeof(*v));
	stats_sort(tmp, n);
	m = stats_quantile(tmp, n, 0.5);
	free(tmp);
	return m;
}

/*
 * The number of orderings of m + n values with U = u is the coefficient
 * of q^u in the Gaussian binomial [m+n choose m]_q, the product over
 * i = 1..m of (1 - q^(n+i)) / (1 - q^i); every partial product is a
 * polynomial too, so each step multiplies, then divides exactly.
 */
double stats_mw_cdf(int m, int n, int u)
{
	int deg = m * n;
	double *p, total = 0, below = 0;

	if (m < 0 || n < 0 || u < 0)
		return 0;
	if (u >= deg)
		return 1;
	p = calloc((size_t)deg + 1, sizeof(*p));
	if (!p)
		return NAN;
	p[0] = 1;
	for (int i = 1; i <= m; i++) {
		for (int k = deg; k >= n + i; k--)	/* x (1 - q^(n+i)) */
			p[k] -= p[k - n - i];
		for (int k = i; k <= deg; k++)		/* / (1 - q^i) */
			p[k] += p[k - i];
	}
	for (int k = 0; k <= deg; k++) {
		total += p[k];
		if (k <= u)
			below += p[k];
	}
	free(p);
	return below / total;
}

int stats_shift_ci(const double *a, int na, const double *b, int nb,
		   double conf, struct shift_ci *out)
{
	int mn = na * nb, k = 0, c;
	double *d;

	if (na < 1 || nb < 1)
		return -1;
	d = malloc((size_t)mn * sizeof(*d));
	if (!d)
		return -1;
	for (int i = 0; i < na; i++)
		for (int j = 0; j < nb; j++) {
			if (a[i] <= 0 || b[j] <= 0) {
				free(d);
				return -1;
			}
			d[k++] = log(b[j] / a[i]);
		}
	stats_sort(d, mn);
	out->ratio = exp(stats_quantile(d, mn, 0.5));
	/* c: the most differences each end may hold beyond the interval */
	for (c = -1; c + 1 < mn && stats_mw_cdf(na, nb, c + 1) <= (1 - conf) / 2;)
		c++;
	if (c < 0 || c >= mn - 1 - c) {
		out->lo = 0;
		out->hi = INFINITY;
		out->conf = 1;
	} else {
		out->lo = exp(d[c]);
		out->hi = exp(d[mn - 1 - c]);
		out->conf = 1 - 2 * stats_mw_cdf(na, nb, c);
	}
	free(d);
	return 0;
}

double stats_spread(const double *v, int n)
{
	double *tmp, lo, hi;
	int k = n / 8;	/* runs dropped at each end */

	if (n < 2 || !(tmp = malloc((size_t)n * sizeof(*tmp))))
		return 0;
	memcpy(tmp, v, (size_t)n * sizeof(*v));
	stats_sort(tmp, n);
	lo = tmp[k];
	hi = tmp[n - 1 - k];
	free(tmp);
	return lo > 0 ? hi / lo - 1 : 0;
}

double stats_bar(double threshold, double noise)
{
	return 1 + (noise > threshold ? noise : threshold);
}

enum verdict stats_decide(const struct shift_ci *ci, double bar,
			  double med_a, double med_b, double floor)
{
	if (ci->lo > bar && med_b - med_a > floor)
		return V_REGRESSION;
	if (ci->hi < 1 / bar && med_a - med_b > floor)
		return V_IMPROVEMENT;
	return V_SAME;
}
