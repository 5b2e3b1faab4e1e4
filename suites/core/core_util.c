// SPDX-License-Identifier: GPL-2.0
/* The helpers core_util.h declares, compiled once for the suite's programs. */
#include <string.h>

#include "core_util.h"

unsigned int core_type_links(const struct nsc_nstype *t, bool unshare_view)
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

bool core_ns_is_new(const char *link, const struct nsc_nsid *parent)
{
	struct nsc_nsid me;

	return !nsc_ns_stat(0, link, &me) && !nsc_nsid_eq(&me, parent);
}
