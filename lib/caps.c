// SPDX-License-Identifier: GPL-2.0
/* Capability checks through libcap. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "nsc.h"

bool nsc_cap_effective(int cap)
{
	cap_flag_value_t v = CAP_CLEAR;
	cap_t c = cap_get_proc();

	if (!c)
		return false;
	if (cap_get_flag(c, (cap_value_t)cap, CAP_EFFECTIVE, &v))
		v = CAP_CLEAR;
	cap_free(c);
	return v == CAP_SET;
}

bool nsc_cap_in_bounding(int cap)
{
	return cap_get_bound((cap_value_t)cap) == 1;
}

int nsc_cap_drop_effective(int cap)
{
	cap_value_t v = (cap_value_t)cap;
	cap_t c = cap_get_proc();
	int ret;

	if (!c)
		return -1;
	ret = cap_set_flag(c, CAP_EFFECTIVE, 1, &v, CAP_CLEAR);
	if (!ret)
		ret = cap_set_proc(c);
	cap_free(c);
	return ret;
}

int nsc_cap_drop_fully(int cap)
{
	cap_value_t v = (cap_value_t)cap;
	cap_t c;
	int ret;

	if (cap_drop_bound(v) && errno != EINVAL)
		return -1;
	c = cap_get_proc();
	if (!c)
		return -1;
	ret = cap_set_flag(c, CAP_EFFECTIVE, 1, &v, CAP_CLEAR);
	if (!ret)
		ret = cap_set_flag(c, CAP_PERMITTED, 1, &v, CAP_CLEAR);
	if (!ret)
		ret = cap_set_flag(c, CAP_INHERITABLE, 1, &v, CAP_CLEAR);
	if (!ret)
		ret = cap_set_proc(c);
	cap_free(c);
	return ret;
}

int nsc_cap_last_cap(void)
{
	long v;

	if (nsc_read_long("/proc/sys/kernel/cap_last_cap", &v))
		return -1;
	return (int)v;
}

bool nsc_caps_full(void)
{
	int last = nsc_cap_last_cap();
	cap_t c;
	bool full = true;

	if (last < 0)
		return false;
	c = cap_get_proc();
	if (!c)
		return false;
	for (int i = 0; i <= last && full; i++) {
		cap_flag_value_t v = CAP_CLEAR;

		if (cap_get_flag(c, (cap_value_t)i, CAP_EFFECTIVE, &v) ||
		    v != CAP_SET)
			full = false;
	}
	cap_free(c);
	return full;
}
