// SPDX-License-Identifier: GPL-2.0
/*
 * nsc-env: where the suite stands, as key=value lines for the runner's
 * KTAP header (run_tests.sh write_meta): which namespaces are not the
 * initial ones (a container), pid and user nesting levels, root of which
 * user namespace, user.max_*_namespaces at 0, types this kernel lacks.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "nsc.h"

static void mask_list(const char *key, int mask)
{
	int n = 0;

	printf("%s=", key);
	for (int i = 0; i < NSC_NS_COUNT; i++)
		if (mask & (1 << i))
			printf("%s%s", n++ ? "," : "", nsc_nstypes[i].name);
	printf("\n");
}

int main(void)
{
	struct nsc_nsid id;
	char notinit[128] = "";
	int pl, ul, errs = 0;

	/* the initial namespaces' fixed inodes (the type table); net and
	 * mnt have them since 6.18 only, so they are not used here */
	for (int i = 0; i < NSC_NS_COUNT; i++) {
		const char *link = nsc_nstypes[i].name;

		if (i == NSC_NS_NET || i == NSC_NS_MNT ||
		    !nsc_nslink_present(link))
			continue;
		if (nsc_ns_stat(0, link, &id)) {
			fprintf(stderr, "nsc-env: /proc/self/ns/%s: %s\n",
				link, strerror(errno));
			errs++;
			continue;
		}
		if (id.ino != nsc_nstypes[i].init_ino)
			snprintf(notinit + strlen(notinit),
				 sizeof(notinit) - strlen(notinit), "%s%s",
				 notinit[0] ? "," : "", link);
	}
	printf("ns_not_initial=%s\n", notinit);
	pl = nsc_pidns_level();
	if (pl >= 0)
		printf("pidns_level=%d\n", pl);
	else
		printf("pidns_level=%s\n", errno == ENODATA ?
		       "unknown (>= 1: /proc hides the levels above)" : "unreadable");
	ul = nsc_userns_level();
	if (ul >= 0)
		printf("userns_level=%d\n", ul);
	else
		printf("userns_level=%s\n", errno == ENODATA ?
		       "unknown (>= 1: a user ns cannot see its parent)" :
		       "unreadable");
	printf("root_of=%s\n", geteuid() != 0 ? "none" :
	       ul == 0 ? "the initial user namespace" :
	       "a user namespace (not the initial one)");
	mask_list("ns_limit0", nsc_nstypes_limit0());
	mask_list("ns_missing", nsc_nstypes_missing());
	return errs ? 1 : 0;
}
