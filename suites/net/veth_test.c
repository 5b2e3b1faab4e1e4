// SPDX-License-Identifier: GPL-2.0
/*
 * Devices across network namespaces: veth pairs, moving a device, what a
 * move does to it, what cannot move, and what dies with a namespace.
 * Source: network_namespaces(7), ip-netns(8), ip-link(8), the seed transcripts.
 */
#include <dirent.h>
#include <limits.h>

#include "nsc_harness.h"
#include "net_util.h"

FIXTURE(veth) {
	int a, b;
	char cmd[512];
	struct nsc_child child;
};

FIXTURE_VARIANT(veth) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(veth);

FIXTURE_SETUP(veth)
{
	self->a = self->b = -EBADF;
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
	/* B is made first, A (the creator of the veth) second; we stay in A */
	ASSERT_NETNS_NEW(self->b);
	ASSERT_NETNS_NEW(self->a);
}

FIXTURE_TEARDOWN(veth)
{
	nsc_child_kill(&self->child);
	if (self->a >= 0)
		close(self->a);
	if (self->b >= 0)
		close(self->b);
}

/* `ip link set DEV netns PATH`, PATH naming our fd for the target netns. */
static const char *move_cmd(char *buf, size_t len, const char *dev, int ns)
{
	char path[64];

	snprintf(buf, len, "link set %s netns %s\n", dev,
		 fd_path(path, sizeof(path), ns));
	return buf;
}

/* In A: va, with its peer vb created straight into B; then EXTRA in A. */
static const char *veth_cmds(char *buf, size_t len, int b, const char *extra)
{
	char path[64];

	snprintf(buf, len, "link add va type veth peer name vb netns %s\n%s",
		 fd_path(path, sizeof(path), b), extra);
	return buf;
}

/* covers: NET-06 */
TEST_F(veth, net_06_moved_device_leaves_source_and_appears_in_target)
{
	ASSERT_IP("link add va type veth peer name vb\n");
	ASSERT_NE(0, if_nametoindex("vb")) TH_LOG("vb was not created");
	ASSERT_IP(move_cmd(self->cmd, sizeof(self->cmd), "vb", self->b));
	EXPECT_EQ(0, if_nametoindex("vb")) TH_LOG("vb is still in the source");
	ASSERT_NETNS_ENTER(self->b);
	EXPECT_NE(0, if_nametoindex("vb")) TH_LOG("vb is not in the target");
}

/* covers: NET-12 */
TEST_F(veth, net_12_device_belongs_to_one_netns_at_a_time)
{
	char names[512], ifname[IFNAMSIZ];
	struct link_info li;
	int idx;

	ASSERT_IP("link add va type veth peer name vb\n");
	idx = if_nametoindex("vb");
	ASSERT_NE(0, idx);
	/* the move itself through RTM_SETLINK + IFLA_NET_NS_FD */
	ASSERT_EQ(0, link_move("vb", self->b));
	/* source: neither the name nor the old ifindex resolve */
	ASSERT_LE(0, link_dump(names, sizeof(names)));
	EXPECT_FALSE(word_in(names, "vb")) TH_LOG("source links: %s", names);
	EXPECT_EQ(-ENODEV, link_get("vb", &li));
	EXPECT_EQ(NULL, if_indextoname(idx, ifname));
	/* target: present exactly once */
	ASSERT_NETNS_ENTER(self->b);
	ASSERT_LE(0, link_dump(names, sizeof(names)));
	EXPECT_TRUE(word_in(names, "vb")) TH_LOG("target links: %s", names);
	EXPECT_EQ(0, link_get("vb", &li));
}

/* covers: NET-07 */
TEST_F(veth, net_07_move_downs_device_and_drops_addresses)
{
	short flags;

	ASSERT_IP("link add va type veth peer name vb\n"
		  "addr add 10.1.1.1/24 dev vb\nlink set vb up\n");
	ASSERT_EQ(0, nsc_if_flags("vb", &flags)) TH_LOG("%m");
	ASSERT_TRUE(flags & IFF_UP);
	ASSERT_TRUE(has_addr("vb", AF_INET, "10.1.1.1"));
	ASSERT_EQ(0, link_move("vb", self->b));
	ASSERT_NETNS_ENTER(self->b);
	ASSERT_EQ(0, nsc_if_flags("vb", &flags)) TH_LOG("vb in B: %m");
	EXPECT_FALSE(flags & IFF_UP) TH_LOG("vb flags %#x after the move", flags);
	EXPECT_EQ(0, nsc_if_addr_count("vb", 0));
}

/* covers: NET-08 */
TEST_F(veth, net_08_veth_pair_carries_traffic_both_ways)
{
	static const char *const va_only[] = { "va", NULL };
	int la, lb, ev, pa = 0, pb = 0;

	ASSERT_IP(veth_cmds(self->cmd, sizeof(self->cmd), self->b,
			    "addr add 10.8.0.1/24 dev va\nlink set va up\n"));
	ev = link_events_open();
	ASSERT_LE(0, ev) TH_LOG("RTMGRP_LINK socket in A: %m");
	ASSERT_NETNS_ENTER(self->b);
	ASSERT_ADDR_UP("vb", "10.8.0.2", 24);
	lb = tcp_listen("10.8.0.2", &pb);
	ASSERT_LE(0, lb) TH_LOG("listener in B: %m");
	ASSERT_NETNS_ENTER(self->a);
	/* va got its carrier when vb came up; its qdisc follows via linkwatch */
	ASSERT_EQ(0, link_wait_running(ev, va_only)) TH_LOG("va not running: %m");
	close(ev);
	la = tcp_listen("10.8.0.1", &pa);
	ASSERT_LE(0, la) TH_LOG("listener in A: %m");
	EXPECT_EQ(0, tcp_reach(lb, "10.8.0.2", pb)) TH_LOG("A -> B");
	ASSERT_NETNS_ENTER(self->b);
	EXPECT_EQ(0, tcp_reach(la, "10.8.0.1", pa)) TH_LOG("B -> A");
	close(la);
	close(lb);
}

/* covers: NET-09 */
TEST_F(veth, net_09_veth_reports_peer_ifindex_and_link_netnsid)
{
	struct link_info va, vb;
	int nsid_b, nsid_a;

	ASSERT_IP(veth_cmds(self->cmd, sizeof(self->cmd), self->b, ""));
	ASSERT_EQ(0, link_get("va", &va));
	ASSERT_EQ(0, nsid_get(self->b, &nsid_b));
	ASSERT_NETNS_ENTER(self->b);
	ASSERT_EQ(0, link_get("vb", &vb));
	ASSERT_EQ(0, nsid_get(self->a, &nsid_a));

	EXPECT_EQ(vb.index, va.link) TH_LOG("va's IFLA_LINK");
	EXPECT_EQ(va.index, vb.link) TH_LOG("vb's IFLA_LINK");
	/* each side names the other through its own nsid for that netns */
	ASSERT_NE(INT32_MIN, va.link_netnsid) TH_LOG("va lacks IFLA_LINK_NETNSID");
	ASSERT_NE(INT32_MIN, vb.link_netnsid) TH_LOG("vb lacks IFLA_LINK_NETNSID");
	EXPECT_EQ(nsid_b, va.link_netnsid);
	EXPECT_EQ(nsid_a, vb.link_netnsid);
}

/* covers: NET-10 */
TEST_F(veth, net_10_peer_destroyed_with_netns)
{
	char path[64];
	int ev, idx;

	/* C lives only through the child process: no fd of ours holds it */
	ASSERT_CHILD_START(&self->child, CLONE_NEWNET, nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_NE(fd_ino(self->a), nsc_ns_ino(self->child.pid, "net"));
	snprintf(path, sizeof(path), "/proc/%d/ns/net", self->child.pid);
	snprintf(self->cmd, sizeof(self->cmd),
		 "link add v1 type veth peer name v0 netns %s\n", path);
	ASSERT_IP(self->cmd);
	idx = if_nametoindex("v1");
	ASSERT_NE(0, idx);
	ev = link_events_open();
	ASSERT_LE(0, ev) TH_LOG("RTMGRP_LINK socket: %m");

	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
	/* netns cleanup runs from a workqueue: wait (bounded) for the event */
	EXPECT_EQ(0, link_wait_deleted(ev, idx)) TH_LOG("v1 still exists: %m");
	EXPECT_EQ(0, if_nametoindex("v1"));
	close(ev);
}

/* covers: NET-13 */
TEST_F(veth, net_13_lo_and_bridge_are_netns_immutable)
{
	ASSERT_IP("link add br0 type bridge\n");
	EXPECT_EQ(-EINVAL, link_move("lo", self->b));
	EXPECT_EQ(-EINVAL, link_move("br0", self->b));
	EXPECT_NE(0, if_nametoindex("br0")) TH_LOG("br0 left A");
	ASSERT_NETNS_ENTER(self->b);
	EXPECT_EQ(0, if_nametoindex("br0")) TH_LOG("br0 showed up in B");
}

/*
 * NET-11 needs a device without rtnl_link_ops: a NIC (dummy and veth have
 * link ops: they are destroyed with the netns, not handed back). The host's
 * NICs are never guessed at: only one named by NSC_SPARE_NIC is used, and
 * only when it is down, has no address and sits in the initial netns.
 * `--kernel` guests get one (nsc-vm adds an unconnected virtio NIC).
 */
static int spare_nic_check(const char *nic, char *devpath, size_t len,
			   char *why, size_t wlen)
{
	char p[128], comm[32] = "";
	short flags;
	ssize_t n;


	/* the initial netns is kthreadd's (pid 2 of the initial pid ns) */
	if (nsc_in_init_pidns() != 1 ||
	    nsc_read_line("/proc/2/comm", comm, sizeof(comm)) ||
	    strcmp(comm, "kthreadd") || nsc_ns_ino(2, "net") != cur_netns_ino()) {
		snprintf(why, wlen, "not in the initial netns (kthreadd's): a NIC "
			 "handed back on netns exit would land out of sight");
		return -1;
	}
	snprintf(p, sizeof(p), "/sys/class/net/%s/device", nic);
	n = readlink(p, devpath, len - 1);
	if (n <= 0) {
		snprintf(why, wlen, "NSC_SPARE_NIC=%s: %s: %s", nic, p,
			 n < 0 ? strerror(errno) : "empty");
		return -1;
	}
	devpath[n] = '\0';
	if (nsc_if_flags(nic, &flags) || (flags & IFF_UP) ||
	    nsc_if_addr_count(nic, AF_INET) || nsc_if_addr_count(nic, AF_INET6)) {
		snprintf(why, wlen, "NSC_SPARE_NIC=%s is up or has an address: "
			 "not spare", nic);
		return -1;
	}
	return 0;
}

/* The name of the netdev (in the current netns's sysfs) whose device link
 * is DEVPATH: 0, or -1 when none has it. */
static int nic_by_device(const char *devpath, char *name, size_t len)
{
	DIR *d = opendir("/sys/class/net");
	struct dirent *e;
	int rc = -1;

	if (!d)
		return -1;
	while (rc && (e = readdir(d))) {
		char p[300], l[PATH_MAX];
		ssize_t n;

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "/sys/class/net/%s/device", e->d_name);
		n = readlink(p, l, sizeof(l) - 1);
		if (n <= 0)
			continue;
		l[n] = '\0';
		if (!strcmp(l, devpath)) {
			snprintf(name, len, "%s", e->d_name);
			rc = 0;
		}
	}
	closedir(d);
	return rc;
}

/* In netns B (where it was started): makes netns C on request, then goes
 * back to B, leaving C to die. */
static int b_makes_c(int sock, void *arg)
{
	int bfd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

	CHILD_ASSERT(bfd >= 0, "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	CHILD_ASSERT(nsc_recv_byte(sock) == 'c', "no go for C");
	CHILD_ASSERT(!unshare(CLONE_NEWNET), "unshare(CLONE_NEWNET): %m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	CHILD_ASSERT(nsc_recv_byte(sock) == 'd', "no go for leaving C");
	CHILD_ASSERT(!setns(bfd, CLONE_NEWNET), "back to B: %m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

/* covers: NET-11 */
TEST(net_11_physical_device_returns_to_init_netns)
{
	const char *nic = getenv("NSC_SPARE_NIC");
	char devpath[PATH_MAX], why[300], back[IFNAMSIZ] = "", cmd[160];
	struct nsc_child b = NSC_CHILD_INIT;
	const char *mult = getenv("NSC_TIMEOUT_MULT");
	int init = -1, bfd = -1, cfd, ev, waited, limit;
	ino_t ino_init, ino_b, ino_c;
	struct nsc_run r;

	NSC_REQUIRE(nsc_need_root());
	if (!nic || !*nic)
		SKIP(return, "no spare NIC handed over (NSC_SPARE_NIC unset; "
		     "--kernel guests have one); the host's NICs are never moved");
	if (spare_nic_check(nic, devpath, sizeof(devpath), why, sizeof(why)))
		SKIP(return, "%s", why);
	init = netns_open_cur();
	ASSERT_LE(0, init) TH_LOG("%m");
	ino_init = fd_ino(init);
	/* netns teardown runs from a workqueue: bounded, scaled under QEMU */
	limit = 3000 * (mult && atof(mult) > 1 ? atof(mult) : 1);

	/* B, then C made by B's process: both new before the NIC moves */
	ASSERT_CHILD_START(&b, CLONE_NEWNET, b_makes_c, NULL);
	ASSERT_EQ('r', nsc_recv_byte(b.sock));
	bfd = nsc_ns_open(b.pid, "net");
	ASSERT_LE(0, bfd) TH_LOG("%m");
	ino_b = fd_ino(bfd);
	ASSERT_NE(ino_init, ino_b);
	ASSERT_EQ(0, link_move(nic, bfd)) TH_LOG("%s into B", nic);
	EXPECT_EQ(0, if_nametoindex(nic)) TH_LOG("%s still in the initial netns", nic);
	ASSERT_EQ(0, nsc_send_byte(b.sock, 'c'));
	ASSERT_EQ('r', nsc_recv_byte(b.sock));
	ino_c = nsc_ns_ino(b.pid, "net");
	ASSERT_NE(ino_b, ino_c);
	ASSERT_NE(ino_init, ino_c);
	/* from B into C; no fd of ours keeps C alive afterwards */
	cfd = nsc_ns_open(b.pid, "net");
	ASSERT_LE(0, cfd) TH_LOG("%m");
	ASSERT_EQ(0, setns(bfd, CLONE_NEWNET)) TH_LOG("%m");
	EXPECT_EQ(0, link_move(nic, cfd)) TH_LOG("%s from B into C", nic);
	close(cfd);
	ASSERT_EQ(0, setns(init, CLONE_NEWNET)) TH_LOG("%m");
	/* the name is taken in the initial netns while the NIC is away */
	snprintf(cmd, sizeof(cmd), "link add %s type veth peer name nscclash1\n", nic);
	ASSERT_IP(cmd);
	ev = link_events_open();
	ASSERT_LE(0, ev) TH_LOG("%m");

	/* C's last process leaves: C is torn down (from a workqueue) */
	ASSERT_EQ(0, nsc_send_byte(b.sock, 'd'));
	ASSERT_EQ('r', nsc_recv_byte(b.sock));
	for (waited = 0; nic_by_device(devpath, back, sizeof(back)) &&
	     waited < limit; waited += 100) {
		struct pollfd pfd = { .fd = ev, .events = POLLIN };

		if (poll(&pfd, 1, 100) > 0)
			nl_events_drain(ev);
	}
	close(ev);
	nsc_ip(&r, "link", "del", nic, NULL);	/* the veth clash pair */
	EXPECT_NE('\0', back[0]) TH_LOG("%s did not come back to the initial netns "
					"(%d ms)", devpath, waited);
	if (back[0]) {
		unsigned int k;
		char tail;

		/* renamed on the clash: devN */
		EXPECT_EQ(1, sscanf(back, "dev%u%c", &k, &tail)) TH_LOG("came back as %s", back);
		/* not in B, the netns of C's creator */
		ASSERT_EQ(0, setns(bfd, CLONE_NEWNET)) TH_LOG("%m");
		EXPECT_EQ(0, if_nametoindex(back)) TH_LOG("%s also in B", back);
		EXPECT_EQ(0, if_nametoindex(nic)) TH_LOG("%s in B", nic);
		ASSERT_EQ(0, setns(init, CLONE_NEWNET)) TH_LOG("%m");
		EXPECT_EQ(0, nsc_ip(&r, "link", "set", back, "name", nic, NULL)) TH_LOG("renaming %s back to %s: %s", back, nic, r.err);
	}
	ASSERT_EQ(0, nsc_send_byte(b.sock, 'x'));
	ASSERT_CHILD_OK(&b);
	close(bfd);
	close(init);
}

/*
 * Root of a fresh user ns owns the netns it creates along with it, and may
 * make devices there; the host netns belongs to the initial user ns.
 */
static int userns_veth(int sock, void *arg)
{
	const char *name = arg;
	char peer[IFNAMSIZ + 2], cmd[160];
	int host = netns_open_cur();

	CHILD_ASSERT(host >= 0, "%m");
	CHILD_ASSERT(!nsc_unshare_userns_root(CLONE_NEWNET), "%m");
	CHILD_ASSERT(cur_netns_ino() != fd_ino(host), "no new netns");
	snprintf(peer, sizeof(peer), "%sp", name);
	snprintf(cmd, sizeof(cmd), "link add %s type veth peer name %s\n"
		 "link add nscbr0 type bridge\n", name, peer);
	CHILD_IP(cmd);
	CHILD_ASSERT(if_nametoindex(name) && if_nametoindex("nscbr0"),
		     "veth or bridge missing after creation");
	errno = 0;
	CHILD_ASSERT(link_move(name, host) == -EPERM,
		     "moving %s to the host netns was not refused with EPERM", name);
	CHILD_ASSERT(setns(host, CLONE_NEWNET) == -1 && errno == EPERM,
		     "setns(host netns): errno %d", errno);
	CHILD_ASSERT(if_nametoindex(name), "%s left its netns", name);
	return 0;
}

/* covers: NET-28 */
TEST(net_28_userns_root_cannot_move_device_to_host_netns)
{
	char name[IFNAMSIZ];
	struct nsc_run r;
	int rc;

	NSC_REQUIRE(nsc_need_userns());
	nsc_uniq(name, sizeof(name), "nsc");
	ASSERT_EQ(0, if_nametoindex(name)) TH_LOG("%s exists already", name);
	rc = nsc_child_run(0, userns_veth, name);
	/* a move the kernel wrongly allowed left the device here: remove it
	 * (with its peer) before the verdict (the child's netns going away
	 * may take the pair first) */
	if (if_nametoindex(name)) {
		if (nsc_ip(&r, "link", "del", name, NULL) && if_nametoindex(name))
			TH_LOG("could not remove %s from this netns", name);
		EXPECT_EQ(0, 1) TH_LOG("%s reached the host netns", name);
	}
	ASSERT_LE(0, rc) TH_LOG("clone: %m");
	NSC_CHILD_VERDICT(rc);
}

TEST_HARNESS_MAIN
