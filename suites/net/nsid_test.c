// SPDX-License-Identifier: GPL-2.0
/*
 * Peer netns ids (nsid): assigned by the kernel when it must name a peer
 * netns, fixed once set, and local to the netns that holds them.
 * Source: ip-netns(8) (ip netns set), rtnetlink RTM_{GET,NEW}NSID.
 */
#include "nsc_harness.h"
#include "net_util.h"

FIXTURE(nsid) {
	int a, b, c;
};

FIXTURE_VARIANT(nsid) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(nsid);

FIXTURE_SETUP(nsid)
{
	self->a = self->b = self->c = -EBADF;
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_NETNS_NEW(self->c);
	ASSERT_NETNS_NEW(self->b);
	ASSERT_NETNS_NEW(self->a);
}

FIXTURE_TEARDOWN(nsid)
{
	if (self->a >= 0)
		close(self->a);
	if (self->b >= 0)
		close(self->b);
	if (self->c >= 0)
		close(self->c);
}

/* covers: NET-30 */
TEST_F(nsid, net_30_nsid_assigned_for_veth_peer)
{
	struct link_info va;
	char cmd[128], path[64];
	int id;

	ASSERT_EQ(0, nsid_get(self->b, &id)) TH_LOG("RTM_GETNSID");
	ASSERT_EQ(NETNSA_NSID_NOT_ASSIGNED, id) TH_LOG("B already has nsid %d", id);
	snprintf(cmd, sizeof(cmd), "link add va type veth peer name vb netns %s\n",
		 fd_path(path, sizeof(path), self->b));
	ASSERT_IP(cmd);
	ASSERT_EQ(0, nsid_get(self->b, &id));
	EXPECT_LE(0, id) TH_LOG("no nsid assigned for the peer's netns");
	ASSERT_EQ(0, link_get("va", &va));
	EXPECT_EQ(id, va.link_netnsid);
}

/* covers: NET-30 */
TEST_F(nsid, net_30_nsid_cannot_be_changed_once_set)
{
	int id, again;

	ASSERT_EQ(0, nsid_set(self->b, 5)) TH_LOG("RTM_NEWNSID 5");
	ASSERT_EQ(0, nsid_get(self->b, &id));
	ASSERT_EQ(5, id);
	EXPECT_EQ(-EEXIST, nsid_set(self->b, 6));
	ASSERT_EQ(0, nsid_get(self->b, &again));
	EXPECT_EQ(5, again);
}

/* covers: NET-30 */
TEST_F(nsid, net_30_nsid_is_local_to_each_netns)
{
	int in_a, in_c, a_in_b;

	/* A and C name B with different ids; B does not learn either */
	ASSERT_EQ(0, nsid_set(self->b, 5)) TH_LOG("RTM_NEWNSID in A");
	ASSERT_NETNS_ENTER(self->c);
	ASSERT_EQ(0, nsid_set(self->b, 7)) TH_LOG("RTM_NEWNSID in C");
	ASSERT_EQ(0, nsid_get(self->b, &in_c));
	ASSERT_NETNS_ENTER(self->a);
	ASSERT_EQ(0, nsid_get(self->b, &in_a));
	ASSERT_NETNS_ENTER(self->b);
	ASSERT_EQ(0, nsid_get(self->a, &a_in_b));
	EXPECT_EQ(5, in_a);
	EXPECT_EQ(7, in_c);
	EXPECT_EQ(NETNSA_NSID_NOT_ASSIGNED, a_in_b);
}

TEST_HARNESS_MAIN
