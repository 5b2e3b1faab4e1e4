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

/* xorshift64*: small, fast, and the same numbers on every machine. */
static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static double resample_median(const double *v, int n, double *tmp,
			      uint64_t *s)
{
	for (int i = 0; i < n; i++)
		tmp[i] = v[next_rand(s) % (uint64_t)n];
	stats_sort(tmp, n);
	return stats_quantile(tmp, n, 0.5);
}

static double median_of(const double *v, int n, double *tmp)
{
	memcpy(tmp, v, (size_t)n * sizeof(*v));
	stats_sort(tmp, n);
	return stats_quantile(tmp, n, 0.5);
}

int stats_ratio_ci(const double *a, int na, const double *b, int nb,
		   int resamples, double conf, uint64_t seed,
		   struct ratio_ci *out)
{
	int n = na > nb ? na : nb, r, kept = 0;
	double *tmp, *ratios, ma, mb;

	if (na < 1 || nb < 1 || resamples < 1)
		return -1;
	tmp = malloc((size_t)n * sizeof(*tmp));
	ratios = malloc((size_t)resamples * sizeof(*ratios));
	if (!tmp || !ratios) {
		free(tmp);
		free(ratios);
		return -1;
	}
	ma = median_of(a, na, tmp);
	mb = median_of(b, nb, tmp);
	if (ma <= 0) {
		free(tmp);
		free(ratios);
		return -1;
	}
	out->ratio = mb / ma;
	if (!seed)
		seed = 1;
	for (r = 0; r < resamples; r++) {
		double ra = resample_median(a, na, tmp, &seed);
		double rb = resample_median(b, nb, tmp, &seed);

		if (ra > 0)
			ratios[kept++] = rb / ra;
	}
	if (!kept) {
		free(tmp);
		free(ratios);
		return -1;
	}
	stats_sort(ratios, kept);
	out->lo = ratios[(int)floor((1 - conf) / 2 * kept)];
	r = (int)ceil((1 + conf) / 2 * kept) - 1;
	out->hi = ratios[r < 0 ? 0 : r >= kept ? kept - 1 : r];
	free(tmp);
	free(ratios);
	return 0;
}

enum verdict stats_decide(const struct ratio_ci *ci, double med_a,
			  double med_b, double threshold, double floor)
{
	if (ci->lo > 1 + threshold && med_b - med_a > floor)
		return V_REGRESSION;
	if (ci->hi < 1 / (1 + threshold) && med_a - med_b > floor)
		return V_IMPROVEMENT;
	return V_SAME;
}

uint64_t stats_seed(const char *name)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 1099511628211ULL;
	return h;
}
