/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtnetlink for tests and nsbench (lib/nl.c): build a request, send it on
 * a fresh socket of the current netns, read the answer; links, nsids,
 * veth pairs, and bounded waits for link and nsid events. Every call that
 * talks to the kernel returns 0 or a negative errno (the kernel's answer
 * or a syscall's); nothing here is timed or asserts.
 */
#ifndef NSC_NL_H
#define NSC_NL_H

#include <stddef.h>
#include <stdint.h>
#include <net/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

/* Every wait for an answer or an event is bounded by this (ms). */
#define NSC_NL_WAIT_MS 3000

struct nl_msg {
	struct nlmsghdr h;
	char body[1024];
};

/* Called for each reply message of a request or dump. */
typedef void (*nl_fn)(const struct nlmsghdr *h, void *arg);

void nl_init(struct nl_msg *m, int type, int flags, const void *hdr,
	     size_t hlen);
/* Appends an attribute (data may be NULL for len 0); returns it. */
struct rtattr *nl_put(struct nl_msg *m, int type, const void *data,
		      size_t len);
void nl_put_u32(struct nl_msg *m, int type, uint32_t v);
/* A nested attribute: nl_nest() opens it, nl_nest_end() sets its size. */
struct rtattr *nl_nest(struct nl_msg *m, int type);
void nl_nest_end(struct nl_msg *m, struct rtattr *nest);
/* Raw header space inside the message (a nested ifinfomsg, say). */
void *nl_reserve(struct nl_msg *m, size_t len);
/* Request on a fresh PROTO socket; fn sees each reply until the ack or
 * the end of a dump. 0, or the kernel's/a syscall's -errno. */
int nl_talk(int proto, struct nl_msg *m, nl_fn fn, void *arg);
/* The first attribute of TYPE in [a, a+len) as an int: 0, or -ENOENT. */
int nl_attr_s32(const struct rtattr *a, int len, int type, int *val);

/* What RTM_GETLINK tells about one device. */
struct link_info {
	int index;
	int link;		/* IFLA_LINK, 0 when absent */
	int link_netnsid;	/* IFLA_LINK_NETNSID, INT32_MIN when absent */
	unsigned int flags;
	char name[IFNAMSIZ];
};
void link_parse(const struct nlmsghdr *h, void *arg);
int link_get(const char *name, struct link_info *li);	/* -ENODEV: none */
int link_move(const char *name, int nsfd);
/* A veth pair: NAME here, PEER in the netns behind PEER_NSFD (-1: here). */
int veth_add(const char *name, const char *peer, int peer_nsfd);

/* The nsid the current netns gives the netns behind NSFD (INT32_MIN when
 * it has none; -1 is what the kernel reports for "not assigned"). */
int nsid_get(int nsfd, int *nsid);
int nsid_set(int nsfd, int nsid);

/* A socket subscribed to link events (and nsid events with WITH_NSID) of
 * the current netns; -1 with errno on failure. link_events_open() is
 * nl_events_open(0). */
int nl_events_open(int with_nsid);
int link_events_open(void);
/* Waits (bounded) for RTM_DELLINK of INDEX: 0, or -1 with errno
 * (ETIMEDOUT). */
int link_wait_deleted(int ev, int index);
/*
 * Waits (bounded by TIMEOUT_MS) for RTM_DELNSID of NSID (skip with -1) and
 * RTM_DELLINK of IFINDEX (skip with 0) on EV; stamps each arrival with
 * CLOCK_MONOTONIC ns. 0, or -1 with errno (ETIMEDOUT).
 */
int nl_wait_gone(int ev, int nsid, uint64_t *t_nsid, int ifindex,
		 uint64_t *t_link, int timeout_ms);
/* Drops every queued event. */
void nl_events_drain(int ev);

#endif
