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

/* The inodes the kernel gives its initial namespaces (PROC_*_INIT_INO);
 * net and mnt have them since 6.18 only, so they are not used here. */
static const struct { const char *link; unsigned long ino; } init_ino[] = {
	{ "cgroup", 0xEFFFFFFBUL }, { "ipc", 0xEFFFFFFFUL },
	{ "pid", 0xEFFFFFFCUL }, { "time", 0xEFFFFFFAUL },
	{ "user", 0xEFFFFFFDUL }, { "uts", 0xEFFFFFFEUL },
};

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

	for (size_t i = 0; i < NSC_ARRAY_SIZE(init_ino); i++) {
		if (!nsc_nslink_present(init_ino[i].link))
			continue;
		if (nsc_ns_stat(0, init_ino[i].link, &id)) {
			fprintf(stderr, "nsc-env: /proc/self/ns/%s: %s\n",
				init_ino[i].link, strerror(errno));
			errs++;
			continue;
		}
		if (id.ino != init_ino[i].ino)
			snprintf(notinit + strlen(notinit),
				 sizeof(notinit) - strlen(notinit), "%s%s",
				 notinit[0] ? "," : "", init_ino[i].link);
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
