// SPDX-License-Identifier: GPL-2.0
/*
 * Network namespaces: what a fresh netns holds, what it cannot see of its
 * creator, and the loopback lessons of the ip-netns tutorials.
 * Source: network_namespaces(7), ip-netns(8), the seed transcripts.
 *
 * Each test runs in a throwaway process (the harness forks it) that makes
 * its own namespaces with unshare() and moves between them with setns();
 * the namespaces die with the fds when the test ends.
 */
#include "nsc_harness.h"
#include "net_util.h"

FIXTURE(net) {
	int a, b;
};

FIXTURE_VARIANT(net) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(net);

FIXTURE_SETUP(net)
{
	self->a = self->b = -EBADF;
	NSC_ENTER_PRIV(variant->priv);
}

FIXTURE_TEARDOWN(net)
{
	if (self->a >= 0)
		close(self->a);
	if (self->b >= 0)
		close(self->b);
}

/* covers: NET-01 */
TEST_F(net, net_01_new_ns_has_only_lo_down_without_addresses)
{
	char names[512];
	short flags;

	char *save, *dev;
	int fb;

	ASSERT_NETNS_NEW(self->a);
	/* besides lo, only the fallback devices of tunnel drivers the kernel
	 * has built in or loaded (sit0, tunl0, ...), and they are down too */
	fb = nsc_if_fallback_count();
	ASSERT_LE(0, fb) TH_LOG("if_nameindex: %m");
	ASSERT_EQ(1 + fb, nsc_if_list(names, sizeof(names)))
		TH_LOG("devices in the new netns: %s", names);
	ASSERT_TRUE(word_in(names, "lo")) TH_LOG("devices: %s", names);
	for (dev = strtok_r(names, " ", &save); dev; dev = strtok_r(NULL, " ", &save)) {
		ASSERT_EQ(0, nsc_if_flags(dev, &flags)) TH_LOG("SIOCGIFFLAGS %s: %m", dev);
		EXPECT_FALSE(flags & IFF_UP) TH_LOG("%s flags %#x", dev, flags);
	}
	EXPECT_EQ(0, addr_count_all());
}

/* covers: NET-02 */
TEST_F(net, net_02_creator_devices_and_routes_invisible)
{
	char names[512];
	int dev_rows, route_rows;

	/* the creator (sandbox A) gets a device, an address and routes */
	int fb;

	ASSERT_NETNS_NEW(self->a);
	fb = nsc_if_fallback_count();	/* sit0 and the like, in every netns */
	ASSERT_LE(0, fb) TH_LOG("if_nameindex: %m");
	ASSERT_IP("link add va type veth peer name vb\n"
		  "addr add 198.51.100.1/24 dev va\n"
		  "link set va up\nlink set vb up\n"
		  "route add default dev va\n");
	dev_rows = proc_table_rows("/proc/net/dev", 2);
	route_rows = proc_table_rows("/proc/net/route", 1);
	ASSERT_EQ(3 + fb, dev_rows) TH_LOG("/proc/net/dev rows in the creator");
	ASSERT_LE(2, route_rows) TH_LOG("/proc/net/route rows in the creator");

	ASSERT_NETNS_NEW(self->b);
	EXPECT_EQ(1 + fb, proc_table_rows("/proc/net/dev", 2));
	EXPECT_EQ(0, proc_table_rows("/proc/net/route", 1));
	ASSERT_EQ(1 + fb, link_dump(names, sizeof(names))) TH_LOG("links: %s", names);
	EXPECT_TRUE(word_in(names, "lo") && !word_in(names, "va")) TH_LOG("links: %s", names);
	EXPECT_EQ(0, if_nametoindex("va"));

	/* the creator's view is intact */
	ASSERT_NETNS_ENTER(self->a);
	EXPECT_EQ(dev_rows, proc_table_rows("/proc/net/dev", 2));
	EXPECT_EQ(route_rows, proc_table_rows("/proc/net/route", 1));
	EXPECT_TRUE(has_addr("va", AF_INET, "198.51.100.1"));
}

/* covers: NET-03 */
TEST_F(net, net_03_loopback_traffic_fails_while_lo_down)
{
	short flags;

	ASSERT_NETNS_NEW(self->a);
	ASSERT_EQ(0, ping_allow_self()) TH_LOG("ping_group_range: %m");
	ASSERT_EQ(0, nsc_if_flags("lo", &flags)) TH_LOG("%m");
	ASSERT_FALSE(flags & IFF_UP);
	EXPECT_EQ(ENETUNREACH, udp_try_send("127.0.0.1", 9));
	EXPECT_EQ(ENETUNREACH, tcp_try_connect("127.0.0.1", 9));
	EXPECT_EQ(ENETUNREACH, icmp_echo("127.0.0.1"));
}

/* covers: NET-03 */
TEST_F(net, net_03_loopback_traffic_works_once_lo_up)
{
	int ls, us, tport = 0, uport = 0;

	ASSERT_NETNS_NEW(self->a);
	ASSERT_EQ(0, ping_allow_self()) TH_LOG("ping_group_range: %m");
	ASSERT_EQ(0, nsc_if_set_up("lo", true)) TH_LOG("SIOCSIFFLAGS lo: %m");
	ls = tcp_listen("127.0.0.1", &tport);
	ASSERT_LE(0, ls) TH_LOG("TCP listener on 127.0.0.1: %m");
	us = udp_bind("127.0.0.1", &uport);
	ASSERT_LE(0, us) TH_LOG("UDP bind on 127.0.0.1: %m");
	EXPECT_EQ(0, tcp_reach(ls, "127.0.0.1", tport));
	EXPECT_EQ(0, udp_try_send("127.0.0.1", uport));
	EXPECT_EQ(0, udp_recv_one(us));
	EXPECT_EQ(0, icmp_echo("127.0.0.1"));
	close(ls);
	close(us);
}

/*
 * With lo down the local route still exists, but the kernel hands the
 * packet to lo, which drops it silently: the send "succeeds" and nothing
 * arrives. Proof without timing: once lo is up, the first datagram the
 * socket reads is the one sent after that, not the earlier one. (6.12 and
 * 6.18 count the drop in lo's tx_dropped, 6.1 does not: only logged.)
 */
/* covers: NET-04 */
TEST_F(net, net_04_own_veth_address_needs_lo_up)
{
	struct sockaddr_in sa;
	int us, s, port = 0;
	long dropped;
	char b[8];

	ASSERT_NETNS_NEW(self->a);
	ASSERT_EQ(0, ping_allow_self()) TH_LOG("ping_group_range: %m");
	ASSERT_IP("link add veth1 type veth peer name veth1p\n"
		  "addr add 192.0.2.10/24 dev veth1\n"
		  "link set veth1 up\nlink set veth1p up\n");
	us = udp_bind("192.0.2.10", &port);
	ASSERT_LE(0, us) TH_LOG("UDP bind on 192.0.2.10: %m");

	dropped = if_tx_dropped("lo");
	ASSERT_LE(0, dropped) TH_LOG("lo tx_dropped: %m");
	ASSERT_EQ(0, udp_try_send("192.0.2.10", port));	/* sends "nsc" */
	/* the catalogue observed the drop counted on 6.12 and 6.18, not 6.1 */
	if (nsc_kernel_at_least(6, 12)) {
		EXPECT_LT(dropped, if_tx_dropped("lo"))
			TH_LOG("lo tx_dropped did not count the datagram");
	} else {
		TH_LOG("lo tx_dropped %ld -> %ld (counted since 6.12)", dropped,
		       if_tx_dropped("lo"));
	}
	EXPECT_EQ(-1, recv(us, b, sizeof(b), MSG_DONTWAIT));
	EXPECT_EQ(EAGAIN, errno) TH_LOG("a datagram reached 192.0.2.10 with lo down");

	ASSERT_EQ(0, nsc_if_set_up("lo", true)) TH_LOG("SIOCSIFFLAGS lo: %m");
	sa = sin4("192.0.2.10", port);
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, s);
	ASSERT_EQ(2, sendto(s, "up", 2, 0, (struct sockaddr *)&sa, sizeof(sa))) TH_LOG("%m");
	close(s);
	memset(b, 0, sizeof(b));
	ASSERT_EQ(2, recv(us, b, sizeof(b), 0)) TH_LOG("recv: %m");
	EXPECT_STREQ("up", b) TH_LOG("the datagram sent while lo was down arrived");
	EXPECT_EQ(0, icmp_echo("192.0.2.10"));
	close(us);
}

/* covers: NET-05 */
TEST_F(net, net_05_lo_up_adds_loopback_addresses)
{
	long v6_off = 1;

	ASSERT_NETNS_NEW(self->a);
	ASSERT_EQ(0, addr_count_all());
	ASSERT_EQ(0, nsc_if_set_up("lo", true)) TH_LOG("SIOCSIFFLAGS lo: %m");
	EXPECT_TRUE(has_addr("lo", AF_INET, "127.0.0.1"));
	EXPECT_EQ(1, nsc_if_addr_count("lo", AF_INET));
	/* ::1 only where IPv6 is there and enabled on lo */
	if (nsc_read_long("/proc/sys/net/ipv6/conf/lo/disable_ipv6", &v6_off))
		v6_off = 1;
	if (!v6_off) {
		EXPECT_TRUE(has_addr("lo", AF_INET6, "::1"));
	} else {
		TH_LOG("IPv6 absent or disabled on lo: ::1 not checked");
	}
}

/* covers: NET-25 */
TEST_F(net, net_25_routes_are_per_netns)
{
	ASSERT_NETNS_NEW(self->a);
	/* a new netns starts with an empty main table */
	ASSERT_EQ(0, proc_table_rows("/proc/net/route", 1));
	ASSERT_NETNS_NEW(self->b);
	ASSERT_EQ(0, proc_table_rows("/proc/net/route", 1));
	ASSERT_IP("link add veth1 type veth peer name veth0\n"
		  "link set veth1 up\nlink set veth0 up\n"
		  "route add 0.0.0.0/0 dev veth1\n");
	ASSERT_EQ(1, proc_table_rows("/proc/net/route", 1))
		TH_LOG("the default route is not in its own netns");

	ASSERT_NETNS_ENTER(self->a);
	EXPECT_EQ(0, proc_table_rows("/proc/net/route", 1));
}

TEST_HARNESS_MAIN
