// SPDX-License-Identifier: GPL-2.0
/*
 * The tutorial topologies, built in a sandbox "host" netns H: a bridge
 * joining namespaces red and blue, and two bridge-mode macvlans on one
 * parent, each moved to its own namespace.
 * Source: the seed transcripts (001, 003), ip-link(8).
 */
#include "nsc_harness.h"
#include "net_util.h"

FIXTURE(topo) {
	int h, red, blue;
	char cmd[1024];
};

FIXTURE_VARIANT(topo) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(topo);

FIXTURE_SETUP(topo)
{
	self->h = self->red = self->blue = -EBADF;
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_NETNS_NEW(self->red);
	ASSERT_EQ(0, ping_allow_self()) TH_LOG("ping_group_range in red: %m");
	ASSERT_NETNS_NEW(self->blue);
	ASSERT_NETNS_NEW(self->h);
	ASSERT_EQ(0, ping_allow_self()) TH_LOG("ping_group_range in H: %m");
}

FIXTURE_TEARDOWN(topo)
{
	if (self->h >= 0)
		close(self->h);
	if (self->red >= 0)
		close(self->red);
	if (self->blue >= 0)
		close(self->blue);
}

/* covers: NET-26 */
TEST_F(topo, net_26_bridge_joins_namespaces)
{
	static const char *const ports[] = { "veth-red", "veth-blue", NULL };
	char red[64], blue[64];
	int ls, ev, port = 0;

	snprintf(self->cmd, sizeof(self->cmd),
		 "link add br0 type bridge\n"
		 "addr add 10.26.0.1/24 dev br0\nlink set br0 up\n"
		 "link add veth-red type veth peer name eth0 netns %s\n"
		 "link add veth-blue type veth peer name eth0 netns %s\n"
		 "link set veth-red master br0\nlink set veth-blue master br0\n"
		 "link set veth-red up\nlink set veth-blue up\n",
		 fd_path(red, sizeof(red), self->red),
		 fd_path(blue, sizeof(blue), self->blue));
	ASSERT_IP(self->cmd);
	ev = link_events_open();
	ASSERT_LE(0, ev) TH_LOG("RTMGRP_LINK socket in H: %m");
	ASSERT_NETNS_ENTER(self->red);
	ASSERT_ADDR_UP("eth0", "10.26.0.2", 24);
	ASSERT_NETNS_ENTER(self->blue);
	ASSERT_ADDR_UP("eth0", "10.26.0.3", 24);
	/* the bridge ports forward once their carrier change is processed */
	ASSERT_NETNS_ENTER(self->h);
	ASSERT_EQ(0, link_wait_running(ev, ports))
		TH_LOG("bridge ports not running: %m");
	close(ev);
	ASSERT_NETNS_ENTER(self->blue);
	ls = tcp_listen("10.26.0.3", &port);
	ASSERT_LE(0, ls) TH_LOG("listener in blue: %m");

	ASSERT_NETNS_ENTER(self->red);
	EXPECT_EQ(0, tcp_reach(ls, "10.26.0.3", port)) TH_LOG("red -> blue (TCP)");
	EXPECT_EQ(0, icmp_echo("10.26.0.3")) TH_LOG("red -> blue (ICMP)");
	ASSERT_NETNS_ENTER(self->h);
	EXPECT_EQ(0, tcp_reach(ls, "10.26.0.3", port)) TH_LOG("bridge ns -> blue");
	EXPECT_EQ(0, icmp_echo("10.26.0.3")) TH_LOG("bridge ns -> blue (ICMP)");
	/* the ends really live in red and blue, not in H */
	EXPECT_EQ(0, if_nametoindex("eth0"));
	close(ls);
}

/* covers: NET-27 */
TEST_F(topo, net_27_macvlans_in_two_netns_reach_each_other)
{
	char red[64], blue[64];
	int ls, port = 0;

	/* the parent is an up veth end (no spare NIC, never the host's) */
	snprintf(self->cmd, sizeof(self->cmd),
		 "link add p0 type veth peer name p1\n"
		 "link set p0 up\nlink set p1 up\n"
		 "link add mv1 link p0 type macvlan mode bridge\n"
		 "link add mv2 link p0 type macvlan mode bridge\n"
		 "link set mv1 netns %s\nlink set mv2 netns %s\n",
		 fd_path(red, sizeof(red), self->red),
		 fd_path(blue, sizeof(blue), self->blue));
	ASSERT_IP(self->cmd);
	EXPECT_EQ(0, if_nametoindex("mv1"));
	EXPECT_EQ(0, if_nametoindex("mv2"));
	ASSERT_NETNS_ENTER(self->blue);
	ASSERT_ADDR_UP("mv2", "10.27.0.2", 24);
	ls = tcp_listen("10.27.0.2", &port);
	ASSERT_LE(0, ls) TH_LOG("listener in blue: %m");
	ASSERT_NETNS_ENTER(self->red);
	ASSERT_ADDR_UP("mv1", "10.27.0.1", 24);
	EXPECT_EQ(0, tcp_reach(ls, "10.27.0.2", port)) TH_LOG("red -> blue (TCP)");
	EXPECT_EQ(0, icmp_echo("10.27.0.2")) TH_LOG("red -> blue (ICMP)");
	close(ls);
}

TEST_HARNESS_MAIN
