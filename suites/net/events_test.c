// SPDX-License-Identifier: GPL-2.0
/*
 * Network namespaces and event sockets: rtnetlink link notifications and
 * kernel uevents reach only the sockets of the namespaces they concern.
 * Source: LTP netns_netlink; kernel selftest uevent/uevent_filtering;
 * lib/kobject_uevent.c (commit a3498436b3a0, "netns: restrict uevents",
 * 4.18): uevents of objects tagged with a netns (network devices) go to
 * that netns only; untagged ones to every netns the initial user ns owns.
 *
 * Every socket here only listens; devices are made in fresh namespaces.
 */
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>

#include "nsc_harness.h"
#include "net_util.h"

FIXTURE(nev) {
	int host_rt, host_ue;	/* sockets in the netns the test began in */
	int nsfd[2];
	char dev[IFNAMSIZ], peer[IFNAMSIZ];
	struct nsc_child child;
};

FIXTURE_VARIANT(nev) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(nev);

static int uevent_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
		       NETLINK_KOBJECT_UEVENT);

	if (s >= 0 && bind(s, (struct sockaddr *)&sa, sizeof(sa))) {
		close(s);
		return -1;
	}
	return s;
}

FIXTURE_SETUP(nev)
{
	self->host_rt = self->host_ue = -EBADF;
	self->nsfd[0] = self->nsfd[1] = -EBADF;
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_REQUIRE(nsc_need_nstype(&nsc_nstypes[NSC_NS_NET]));
	NSC_ENTER_PRIV(variant->priv);
	snprintf(self->dev, sizeof(self->dev), "nscev%d", (int)getpid() % 100000);
	snprintf(self->peer, sizeof(self->peer), "nscep%d", (int)getpid() % 100000);
	self->host_rt = link_events_open();
	ASSERT_LE(0, self->host_rt) TH_LOG("rtnetlink socket: %m");
	self->host_ue = uevent_open();
	ASSERT_LE(0, self->host_ue) TH_LOG("uevent socket: %m");
}

FIXTURE_TEARDOWN(nev)
{
	nsc_child_kill(&self->child);
	for (int i = 0; i < 2; i++)
		if (self->nsfd[i] >= 0)
			close(self->nsfd[i]);
	if (self->host_rt >= 0)
		close(self->host_rt);
	if (self->host_ue >= 0)
		close(self->host_ue);
}

/* IFLA_IFNAME of an RTM_*LINK message, or "". */
static const char *link_msg_name(const struct nlmsghdr *h)
{
	int len = h->nlmsg_len - NLMSG_LENGTH(sizeof(struct ifinfomsg));
	struct rtattr *a = IFLA_RTA(NLMSG_DATA(h));

	for (; RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == IFLA_IFNAME)
			return RTA_DATA(a);
	return "";
}

/*
 * Reads what is queued on rtnetlink socket s without waiting: how many
 * messages of TYPE name NAME. Notifications are queued before the request
 * that caused them returns, so nothing can arrive later. -1 on error.
 */
static int link_msgs_queued(int s, int type, const char *name)
{
	static char buf[32768];
	int count = 0;

	for (;;) {
		ssize_t n = recv(s, buf, sizeof(buf), MSG_DONTWAIT);
		struct nlmsghdr *h;

		/* ENOBUFS: the host's own traffic overran a host-netns
		 * socket; what is still queued is read on */
		if (n < 0 && errno == ENOBUFS)
			continue;
		if (n < 0)
			return errno == EAGAIN ? count : -1;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n);
		     h = NLMSG_NEXT(h, n))
			if (h->nlmsg_type == type &&
			    !strcmp(link_msg_name(h), name))
				count++;
	}
}

NSC_RULES(net_31_link_events_stay_in_their_netns, "NET-31");
TEST_F(nev, net_31_link_events_stay_in_their_netns)
{
	char cmd[160];
	int ev[2], i;

	for (i = 0; i < 2; i++) {
		ASSERT_NETNS_NEW(self->nsfd[i]);
		ev[i] = link_events_open();
		ASSERT_LE(0, ev[i]) TH_LOG("%m");
	}
	/* we are in ns 1: make a pair there, then move one end to ns 0 */
	snprintf(cmd, sizeof(cmd), "link add %s type veth peer name %s\n",
		 self->dev, self->peer);
	ASSERT_IP(cmd);
	EXPECT_LE(1, link_msgs_queued(ev[1], RTM_NEWLINK, self->dev));
	EXPECT_EQ(0, link_msgs_queued(ev[0], RTM_NEWLINK, self->dev));
	EXPECT_EQ(0, link_msgs_queued(self->host_rt, RTM_NEWLINK, self->dev));
	ASSERT_EQ(0, link_move(self->peer, self->nsfd[0]));
	/* the move is a removal in one ns and an arrival in the other */
	EXPECT_LE(1, link_msgs_queued(ev[1], RTM_DELLINK, self->peer));
	EXPECT_LE(1, link_msgs_queued(ev[0], RTM_NEWLINK, self->peer));
	EXPECT_EQ(0, link_msgs_queued(self->host_rt, RTM_DELLINK, self->peer));
	EXPECT_EQ(0, link_msgs_queued(self->host_rt, RTM_NEWLINK, self->peer));
	close(ev[0]);
	close(ev[1]);
}

/* Whether a uevent for /devices/virtual/net/DEV (ACTION "add"...) is
 * queued on s; drains without waiting. 1 yes, 0 no, -1 error. */
static int uevent_queued(int s, const char *action, const char *devpath)
{
	char buf[8192], want[256];
	int seen = 0;

	snprintf(want, sizeof(want), "%s@%s", action, devpath);
	for (;;) {
		ssize_t n = recv(s, buf, sizeof(buf) - 1, MSG_DONTWAIT);

		if (n < 0 && errno == ENOBUFS)
			continue;	/* overrun by the host's uevents */
		if (n < 0)
			return errno == EAGAIN ? seen : -1;
		buf[n] = '\0';
		if (!strcmp(buf, want))
			seen = 1;
	}
}

NSC_RULES(net_32_device_uevents_only_in_device_netns, "NET-32");
TEST_F(nev, net_32_device_uevents_only_in_device_netns)
{
	char cmd[160], path[128];
	int ue;

	ASSERT_NETNS_NEW(self->nsfd[0]);
	ue = uevent_open();
	ASSERT_LE(0, ue) TH_LOG("uevent socket in the new netns: %m");
	snprintf(cmd, sizeof(cmd), "link add %s type veth peer name %s\n",
		 self->dev, self->peer);
	ASSERT_IP(cmd);
	snprintf(path, sizeof(path), "/devices/virtual/net/%s", self->dev);
	EXPECT_EQ(1, uevent_queued(ue, "add", path))
		TH_LOG("no add uevent for %s in its own netns", self->dev);
	EXPECT_EQ(0, uevent_queued(self->host_ue, "add", path))
		TH_LOG("the device's uevent reached the creator's netns");
	close(ue);
}

/* ---- NET-33: untagged uevents, by the owner of the listener's netns --- */

#define DEV_FULL "/sys/devices/virtual/mem/full"

struct ue_listener {
	bool own_userns;	/* the netns belongs to a new user ns */
};

static int uevent_listener(int sock, void *arg)
{
	struct ue_listener *l = arg;
	ino_t net0 = nsc_ns_ino(0, "net");
	int s, got;

	if (l->own_userns)
		CHILD_ASSERT(!nsc_unshare_userns_root(0), "%m");
	CHILD_ASSERT(!nsc_unshare_checked(CLONE_NEWNET), "%m");
	CHILD_ASSERT(nsc_ns_ino(0, "net") != net0, "no new netns");
	s = uevent_open();
	CHILD_ASSERT(s >= 0, "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	CHILD_ASSERT(nsc_recv_byte(sock) == 'x', "no go-ahead");
	got = uevent_queued(s, "change", "/devices/virtual/mem/full");
	CHILD_ASSERT(got == (l->own_userns ? 0 : 1),
		     "netns owned by %s user ns: uevent %s", l->own_userns ?
		     "a new" : "the initial", got ? "received" : "missing");
	return 0;
}

NSC_RULES(net_33_untagged_uevents_only_in_netns_of_initial_userns, "NET-33");
NSC_REQUIRES(net_33_untagged_uevents_only_in_netns_of_initial_userns,
	     NSC_ROOT, NSC_USERNS);
TEST(net_33_untagged_uevents_only_in_netns_of_initial_userns)
{
	struct ue_listener l[2] = { { false }, { true } };
	struct nsc_child c[2] = { NSC_CHILD_INIT, NSC_CHILD_INIT };
	int i, rc;

	/* a synthetic uevent is seen by every listener of the machine (udev
	 * included): only in a throwaway --kernel guest */
	if (!getenv("NSC_VM_KIND"))
		SKIP(return, "not in a --kernel guest (NSC_VM_KIND unset): a "
			     "synthetic uevent would reach the host's udev");
	if (access(DEV_FULL "/uevent", W_OK) && errno == ENOENT)
		SKIP(return, "no %s (CONFIG_DEVMEM layout)", DEV_FULL);
	for (i = 0; i < 2; i++) {
		ASSERT_CHILD_START(&c[i], 0, uevent_listener, &l[i]);
		ASSERT_EQ('r', nsc_recv_byte(c[i].sock));
	}
	rc = nsc_write_file(DEV_FULL "/uevent", "change\n");
	ASSERT_EQ(0, rc) TH_LOG("write %s/uevent: %m", DEV_FULL);
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, nsc_send_byte(c[i].sock, 'x'));
		ASSERT_CHILD_OK(&c[i]);
	}
}

TEST_HARNESS_MAIN
