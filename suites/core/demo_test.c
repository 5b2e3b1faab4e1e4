// SPDX-License-Identifier: GPL-2.0
/*
 * The seed's "nsexec" demo: a child in new pid, net and uts namespaces.
 * Source: seed 003_aa8dadc3de95ca5f.txt; clone(2), namespaces(7).
 */
#include <net/if.h>
#include <sys/utsname.h>

#include "nsc_harness.h"
#include "core_util.h"

FIXTURE(nsexec) {
	struct nsc_child child;
};

FIXTURE_VARIANT(nsexec) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(nsexec);

FIXTURE_SETUP(nsexec)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
}

FIXTURE_TEARDOWN(nsexec)
{
	nsc_child_kill(&self->child);
}

static int demo_child(int sock, void *arg)
{
	struct if_nameindex *ifs, *i;
	struct utsname u;
	short flags = 0;
	int n = 0;

	CHILD_ASSERT(getpid() == 1, "getpid() = %d", (int)getpid());
	CHILD_ASSERT_NEW_NS("uts", arg);
	CHILD_ASSERT(!sethostname("myhost", 6), "%m");
	CHILD_ASSERT(!uname(&u), "%m");
	CHILD_ASSERT(!strcmp(u.nodename, "myhost"), "nodename '%s'", u.nodename);
	ifs = if_nameindex();
	CHILD_ASSERT(ifs, "if_nameindex: %m");
	for (i = ifs; i->if_index; i++) {
		n++;
		if (strcmp(i->if_name, "lo"))
			nsc_child_log(__FILE__, __LINE__, "unexpected link %s", i->if_name);
	}
	if_freenameindex(ifs);
	CHILD_ASSERT(n == 1, "%d links, want only lo", n);
	CHILD_ASSERT(!nsc_if_flags("lo", &flags), "lo: %m");
	CHILD_ASSERT(!(flags & IFF_UP), "lo is UP (flags %#x)", flags);
	return nsc_child_park(sock, arg);
}

/* covers: CORE-44 */
TEST_F(nsexec, core_44_nsexec_demo)
{
	const int flags = CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWUTS;
	struct utsname before, after;
	struct nsc_ns_snap me, child;
	struct nsc_nsid uts;
	unsigned int want = 0;

	ASSERT_EQ(0, uname(&before));
	ASSERT_EQ(0, nsc_ns_snapshot(0, &me));
	ASSERT_EQ(0, nsc_ns_stat(0, "uts", &uts)) TH_LOG("%m");
	ASSERT_CHILD_START(&self->child, flags, demo_child, &uts);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock)) TH_LOG("child failed its checks");
	ASSERT_EQ(0, nsc_ns_snapshot(self->child.pid, &child));
	want |= 1u << nsc_nslink_index("net");
	want |= 1u << nsc_nslink_index("uts");
	want |= 1u << nsc_nslink_index("pid");
	want |= 1u << nsc_nslink_index("pid_for_children");
	EXPECT_EQ(want, nsc_ns_snap_diff(&me, &child));
	ASSERT_EQ(0, uname(&after));
	EXPECT_STREQ(before.nodename, after.nodename);
	EXPECT_STRNE("myhost", after.nodename);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

TEST_HARNESS_MAIN
