// SPDX-License-Identifier: GPL-2.0
/*
 * nsbench timing: wall-clock CLOCK_MONOTONIC, the reason a sample failed,
 * and the planted slowdowns that prove --compare works:
 *   --inject-delay-us N        busy-waits N us inside every timed region;
 *   --inject-slowdown PAT=F    makes the operations matching PAT take F
 *                              times as long (busy-waits (F-1) x elapsed).
 * Busy waits, not sleeps: they must cost exactly their time.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "nsbench.h"

char why[200];
static double slow_factor = 1.0;	/* for the operation being timed */

int fail(const char *fmt, ...)
{
	int saved = errno;
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(why, sizeof(why), "%s: %s", msg, strerror(saved));
	errno = saved;
	return -1;
}

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

double us_since(uint64_t t0, uint64_t t1)
{
	return (double)(t1 - t0) / 1000.0;
}

static void spin_until(uint64_t end)
{
	while (now_ns() < end)
		;
}

void slowdown_select(const char *name)
{
	slow_factor = opt.slow_pat && name_selected_by(opt.slow_pat, name) ?
		      opt.slow_factor : 1.0;
}

double lap(uint64_t t0)
{
	uint64_t t1 = now_ns();

	if (slow_factor > 1.0)
		spin_until(t1 + (uint64_t)((double)(t1 - t0) *
					   (slow_factor - 1.0)));
	if (opt.delay_us > 0)
		spin_until(now_ns() + (uint64_t)opt.delay_us * 1000ULL);
	return us_since(t0, now_ns());
}
