// SPDX-License-Identifier: GPL-2.0
/*
 * rtnetlink requests and events (lib/nl.h). One module for the net suite
 * and nsbench: each request goes out on a fresh socket of the caller's
 * current netns, so a test that setns()es between two calls talks to the
 * right namespace without bookkeeping.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/net_namespace.h>
#include <linux/veth.h>

#include "nl.h"

void nl_init(struct nl_msg *m, int type, int flags, const void *hdr,
	     size_t hlen)
{
	memset(m, 0, sizeof(*m));
	m->h.nlmsg_type = (unsigned short)type;
	m->h.nlmsg_flags = (unsigned short)(NLM_F_REQUEST | flags);
	m->h.nlmsg_len = NLMSG_LENGTH(hlen);
	if (hlen)
		memcpy(NLMSG_DATA(&m->h), hdr, hlen);
}

struct rtattr *nl_put(struct nl_msg *m, int type, const void *data,
		      size_t len)
{
	struct rtattr *a = (struct rtattr *)((char *)m +
					     NLMSG_ALIGN(m->h.nlmsg_len));

	a->rta_type = (unsigned short)type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), data, len);
	m->h.nlmsg_len = NLMSG_ALIGN(m->h.nlmsg_len) + RTA_ALIGN(a->rta_len);
	return a;
}

void nl_put_u32(struct nl_msg *m, int type, uint32_t v)
{
	nl_put(m, type, &v, sizeof(v));
}

struct rtattr *nl_nest(struct nl_msg *m, int type)
{
	return nl_put(m, type, NULL, 0);
}

void nl_nest_end(struct nl_msg *m, struct rtattr *nest)
{
	nest->rta_len = (unsigned short)((char *)m + m->h.nlmsg_len -
					 (char *)nest);
}

void *nl_reserve(struct nl_msg *m, size_t len)
{
	char *p = (char *)m + NLMSG_ALIGN(m->h.nlmsg_len);

	memset(p, 0, NLMSG_ALIGN(len));
	m->h.nlmsg_len = NLMSG_ALIGN(m->h.nlmsg_len) + NLMSG_ALIGN(len);
	return p;
}

int nl_talk(int proto, struct nl_msg *m, nl_fn fn, void *arg)
{
	static char buf[65536];
	struct timeval tv = { NSC_NL_WAIT_MS / 1000, 0 };
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	/* NLM_F_EXCL of a new-object request is NLM_F_MATCH of a get: a
	 * dump is both of NLM_F_DUMP's bits on a request that creates
	 * nothing */
	bool dump = (m->h.nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP &&
		    !(m->h.nlmsg_flags & (NLM_F_CREATE | NLM_F_APPEND));
	int s, ret = -EIO;

	s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);
	if (s < 0)
		return -errno;
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (!dump)
		m->h.nlmsg_flags |= NLM_F_ACK;
	m->h.nlmsg_seq = 1;
	if (sendto(s, m, m->h.nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0) {
		ret = -errno;
		goto out;
	}
	for (;;) {
		ssize_t n = recv(s, buf, sizeof(buf), 0);
		struct nlmsghdr *h;

		if (n < 0) {
			ret = -errno;
			goto out;
		}
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n);
		     h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE) {
				ret = 0;
				goto out;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				ret = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
				goto out;
			}
			if (fn)
				fn(h, arg);
		}
	}
out:
	close(s);
	return ret;
}

int nl_attr_s32(const struct rtattr *a, int len, int type, int *val)
{
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == type) {
			memcpy(val, RTA_DATA(a), sizeof(*val));
			return 0;
		}
	return -ENOENT;
}

void link_parse(const struct nlmsghdr *h, void *arg)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	struct link_info *li = arg;
	int len = IFLA_PAYLOAD(h);
	struct rtattr *a;

	if (h->nlmsg_type != RTM_NEWLINK)
		return;
	li->index = ifi->ifi_index;
	li->flags = ifi->ifi_flags;
	li->link = 0;
	li->link_netnsid = INT32_MIN;
	li->name[0] = '\0';
	for (a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == IFLA_LINK)
			memcpy(&li->link, RTA_DATA(a), sizeof(int));
		else if (a->rta_type == IFLA_LINK_NETNSID)
			memcpy(&li->link_netnsid, RTA_DATA(a), sizeof(int));
		else if (a->rta_type == IFLA_IFNAME)
			strncpy(li->name, RTA_DATA(a), sizeof(li->name) - 1);
	}
}

int link_get(const char *name, struct link_info *li)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nl_msg m;

	memset(li, 0, sizeof(*li));
	nl_init(&m, RTM_GETLINK, 0, &ifi, sizeof(ifi));
	nl_put(&m, IFLA_IFNAME, name, strlen(name) + 1);
	return nl_talk(NETLINK_ROUTE, &m, link_parse, li);
}

int link_move(const char *name, int nsfd)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nl_msg m;

	nl_init(&m, RTM_SETLINK, 0, &ifi, sizeof(ifi));
	nl_put(&m, IFLA_IFNAME, name, strlen(name) + 1);
	nl_put_u32(&m, IFLA_NET_NS_FD, (uint32_t)nsfd);
	return nl_talk(NETLINK_ROUTE, &m, NULL, NULL);
}

int veth_add(const char *name, const char *peer, int peer_nsfd)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC }, *pifi;
	struct rtattr *li, *data, *pa;
	struct nl_msg m;

	nl_init(&m, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi, sizeof(ifi));
	nl_put(&m, IFLA_IFNAME, name, strlen(name) + 1);
	li = nl_nest(&m, IFLA_LINKINFO);
	nl_put(&m, IFLA_INFO_KIND, "veth", 4);
	data = nl_nest(&m, IFLA_INFO_DATA);
	pa = nl_nest(&m, VETH_INFO_PEER);
	pifi = nl_reserve(&m, sizeof(*pifi));
	pifi->ifi_family = AF_UNSPEC;
	nl_put(&m, IFLA_IFNAME, peer, strlen(peer) + 1);
	if (peer_nsfd >= 0)
		nl_put_u32(&m, IFLA_NET_NS_FD, (uint32_t)peer_nsfd);
	nl_nest_end(&m, pa);
	nl_nest_end(&m, data);
	nl_nest_end(&m, li);
	return nl_talk(NETLINK_ROUTE, &m, NULL, NULL);
}

static void nsid_parse(const struct nlmsghdr *h, void *arg)
{
	int len = (int)h->nlmsg_len - NLMSG_LENGTH(sizeof(struct rtgenmsg));
	const struct rtattr *a = (const struct rtattr *)
		((const char *)NLMSG_DATA(h) +
		 NLMSG_ALIGN(sizeof(struct rtgenmsg)));

	if (h->nlmsg_type == RTM_NEWNSID)
		nl_attr_s32(a, len, NETNSA_NSID, arg);
}

int nsid_get(int nsfd, int *nsid)
{
	struct rtgenmsg g = { .rtgen_family = AF_UNSPEC };
	struct nl_msg m;

	*nsid = INT32_MIN;
	nl_init(&m, RTM_GETNSID, 0, &g, sizeof(g));
	nl_put_u32(&m, NETNSA_FD, (uint32_t)nsfd);
	return nl_talk(NETLINK_ROUTE, &m, nsid_parse, nsid);
}

int nsid_set(int nsfd, int nsid)
{
	struct rtgenmsg g = { .rtgen_family = AF_UNSPEC };
	struct nl_msg m;

	nl_init(&m, RTM_NEWNSID, 0, &g, sizeof(g));
	nl_put_u32(&m, NETNSA_FD, (uint32_t)nsfd);
	nl_put_u32(&m, NETNSA_NSID, (uint32_t)nsid);
	return nl_talk(NETLINK_ROUTE, &m, NULL, NULL);
}

int nl_events_open(int with_nsid)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = RTMGRP_LINK };
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	int grp = RTNLGRP_NSID, rcv = 1 << 20;

	if (s < 0)
		return -1;
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) ||
	    (with_nsid && setsockopt(s, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
				     &grp, sizeof(grp)))) {
		int e = errno;

		close(s);
		errno = e;
		return -1;
	}
	/* a burst of teardown events must not overflow the queue */
	setsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	return s;
}

int link_events_open(void)
{
	return nl_events_open(0);
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

int nl_wait_gone(int ev, int nsid, uint64_t *t_nsid, int ifindex,
		 uint64_t *t_link, int timeout_ms)
{
	uint64_t deadline = mono_ns() + (uint64_t)timeout_ms * 1000000ULL;
	bool need_nsid = nsid >= 0, need_link = ifindex > 0;
	static char buf[32768];

	while (need_nsid || need_link) {
		struct pollfd p = { .fd = ev, .events = POLLIN };
		uint64_t t = mono_ns();
		struct nlmsghdr *h;
		ssize_t len;

		if (t >= deadline) {
			errno = ETIMEDOUT;
			return -1;
		}
		if (poll(&p, 1, (int)((deadline - t) / 1000000ULL) + 1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		len = recv(ev, buf, sizeof(buf), MSG_DONTWAIT);
		t = mono_ns();
		if (len < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return -1;
		}
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)len);
		     h = NLMSG_NEXT(h, len)) {
			int id;

			if (h->nlmsg_type == RTM_DELNSID && need_nsid) {
				const struct rtattr *a = (const struct rtattr *)
					((char *)NLMSG_DATA(h) +
					 NLMSG_ALIGN(sizeof(struct rtgenmsg)));

				if (!nl_attr_s32(a, (int)NLMSG_PAYLOAD(h,
						 sizeof(struct rtgenmsg)),
						 NETNSA_NSID, &id) && id == nsid) {
					if (t_nsid)
						*t_nsid = t;
					need_nsid = false;
				}
			} else if (h->nlmsg_type == RTM_DELLINK && need_link &&
				   ((struct ifinfomsg *)NLMSG_DATA(h))->ifi_index ==
				   ifindex) {
				if (t_link)
					*t_link = t;
				need_link = false;
			}
		}
	}
	return 0;
}

int link_wait_deleted(int ev, int index)
{
	return nl_wait_gone(ev, -1, NULL, index, NULL, NSC_NL_WAIT_MS);
}

void nl_events_drain(int ev)
{
	static char buf[8192];

	while (recv(ev, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}
