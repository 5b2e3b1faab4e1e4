// SPDX-License-Identifier: GPL-2.0
/*
 * nsbench: network namespaces whose teardown can be observed. A doomed
 * netns has a veth pair to the bench root and an nsid there, so its end
 * shows as RTM_DELNSID (cleanup_net() started) and RTM_DELLINK of our
 * veth end (its devices are gone). The requests are lib/nl.h's.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include "nl.h"
#include "nsbench.h"

int net_events_open(void)
{
	C.nl_ev = nl_events_open(1);
	return C.nl_ev < 0 ? fail("rtnetlink link+nsid event socket") : 0;
}

/* Turns nl.h's -errno into errno and the reason. */
static int nl_failed(int ret, const char *what)
{
	errno = -ret;
	return fail("%s", what);
}

/*
 * A netns with a veth pair to us and an nsid in our netns, held only by
 * the returned fd: closing it starts the teardown that nl_wait_gone() sees.
 */
int net_doomed(int *nsid, int *ifindex)
{
	struct link_info li;
	char name[IFNAMSIZ];
	int fd, ret;

	if (unshare(CLONE_NEWNET))
		return fail("unshare(CLONE_NEWNET)");
	fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail("open /proc/self/ns/net");
	if (back(NSC_NS_NET))
		goto err;
	*nsid = C.nsid_next++;
	ret = nsid_set(fd, *nsid);
	if (ret) {
		nl_failed(ret, "RTM_NEWNSID");
		goto err;
	}
	snprintf(name, sizeof(name), "nsb%u", C.ifseq++);
	ret = veth_add(name, "nsbpeer", fd);
	if (!ret)
		ret = link_get(name, &li);
	if (ret) {
		nl_failed(ret, "RTM_NEWLINK/RTM_GETLINK veth");
		goto err;
	}
	*ifindex = li.index;
	nl_events_drain(C.nl_ev);
	return fd;
err:
	close(fd);
	return -1;
}

/*
 * Waits until every netns dropped so far went through device teardown:
 * cleanup_net() handles dying namespaces in order, batch by batch, so once
 * a netns dropped after them has lost its devices, they have too.
 */
int net_settle(void)
{
	int nsid, ifindex, fd = net_doomed(&nsid, &ifindex);

	if (fd < 0)
		return -1;
	close(fd);
	if (nl_wait_gone(C.nl_ev, nsid, NULL, ifindex, NULL, EVENT_TIMEOUT_MS))
		return fail("no RTM_DELNSID/RTM_DELLINK within %d ms",
			    EVENT_TIMEOUT_MS);
	return 0;
}
