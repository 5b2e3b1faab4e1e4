/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the core suite's files. Candidates for lib/ and
 * harness/ (see the suite's report).
 */
#ifndef CORE_UTIL_H
#define CORE_UTIL_H

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "nsc_harness.h"

/* Bit mask over nsc_nslinks of the links that name type t: "pid" and
 * "pid_for_children" for pid (what clone changes). With unshare_view, the
 * links unshare() changes in the caller: only *_for_children for pid and
 * time, the plain link for the other types. */
static inline unsigned int core_type_links(const struct nsc_nstype *t,
					   bool unshare_view)
{
	unsigned int mask = 0;
	size_t n = strlen(t->name);

	for (int i = 0; i < NSC_NSLINK_COUNT; i++) {
		const char *l = nsc_nslinks[i];

		if (strncmp(l, t->name, n))
			continue;
		if (l[n] == '\0' && !(unshare_view && t->for_children))
			mask |= 1u << i;
		if (!strcmp(l + n, "_for_children"))
			mask |= 1u << i;
	}
	return mask;
}

#endif /* CORE_UTIL_H */
