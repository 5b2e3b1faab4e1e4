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

#include "nsc.h"
#include "nsc_child.h"

/* Bit mask over nsc_nslinks of the links that name type t: "pid" and
 * "pid_for_children" for pid (what clone changes). With unshare_view, the
 * links unshare() changes in the caller: only *_for_children for pid and
 * time, the plain link for the other types. */
unsigned int core_type_links(const struct nsc_nstype *t, bool unshare_view);

/*
 * In a child, before it writes anything a host could see: its LINK
 * namespace is not *parent (the creator's, read before the clone). Fails
 * closed: an unreadable link does not count as new.
 */
bool core_ns_is_new(const char *link, const struct nsc_nsid *parent);

#define CHILD_ASSERT_NEW_NS(link, parent) \
	CHILD_ASSERT(core_ns_is_new((link), (parent)), \
		     "%s ns not new (or its link unreadable): %m", (link))

#endif /* CORE_UTIL_H */
