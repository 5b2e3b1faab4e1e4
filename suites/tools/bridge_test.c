// SPDX-License-Identifier: GPL-2.0
/*
 * brctl(8) (bridge-utils) and the `ip link ... type bridge` equivalent,
 * building the seed's bridge inside a fresh netns with its own sysfs.
 * Bridge semantics proper are NET-26; this checks the tools.
 * Source: brctl(8), ip-link(8).
 */
#include <limits.h>
#include <net/if.h>
#include <sys/mount.h>

#include "nsc_harness.h"
#include "tools_util.h"

FIXTURE(bridge) {
	int unused;
};

FIXTURE_VARIANT(bridge) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(bridge);

FIXTURE_SETUP(bridge)
{
	ino_t host_net;

	NSC_REQUIRE(nsc_need_tool("brctl"));
	NSC_REQUIRE(nsc_need_tool("ip"));
	NSC_ENTER_PRIV(variant->priv);
	host_net = nsc_ns_ino(0, "net");
	ASSERT_EQ(0, nsc_private_mntns()) TH_LOG("%m");
	ASSERT_EQ(0, unshare(CLONE_NEWNET)) TH_LOG("%m");
	ASSERT_NE(host_net, nsc_ns_ino(0, "net"));
	/* brctl show reads /sys/class/net: give it this netns's view */
	ASSERT_EQ(0, mount("sysfs", "/sys", "sysfs", 0, NULL)) TH_LOG("%m");
}

FIXTURE_TEARDOWN(bridge)
{
}

/* Bridge that /sys says ifname is enslaved to ("" if none). */
static const char *master_of(const char *ifname, char *buf, size_t len)
{
	char path[128], link[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/class/net/%s/master", ifname);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return "";
	link[n] = '\0';
	snprintf(buf, len, "%s", strrchr(link, '/') ? strrchr(link, '/') + 1 : link);
	return buf;
}

/* Interfaces brctl show lists under bridge br, space-joined. */
static void brctl_ifaces(const char *out, const char *br, char *buf, size_t len)
{
	char line[256], *tok, *save;
	bool in = false;
	size_t o = 0;

	buf[0] = '\0';
	for (int i = 1; !nth_line(out, i, line, sizeof(line)); i++) {
		char *last = NULL;
		int ntok = 0;

		if (line[0] != '\t' && line[0] != ' ')
			in = !strncmp(line, br, strlen(br)) &&
			     (line[strlen(br)] == '\t' || line[strlen(br)] == ' ');
		if (!in)
			continue;
		for (tok = strtok_r(line, " \t", &save); tok;
		     tok = strtok_r(NULL, " \t", &save)) {
			last = tok;
			ntok++;
		}
		/* a bridge's own row: name, id, stp, [iface]; then iface rows */
		if ((ntok == 4 || (ntok == 1 && line[0] == '\t')) && last)
			o += snprintf(buf + o, o < len ? len - o : 0, "%s%s",
				      o ? " " : "", last);
	}
}

NSC_RULES(tools_33_brctl_and_ip_build_the_seed_bridge, "TOOLS-33");
TEST_F(bridge, tools_33_brctl_and_ip_build_the_seed_bridge)
{
	char got[128];
	struct nsc_run r;

	RUN_OK(&r, "brctl", "addbr", "nsc-br0");
	RUN_OK(&r, "ip", "link", "add", "nsc-v0", "type", "veth", "peer",
	       "name", "nsc-v1");
	RUN_OK(&r, "brctl", "addif", "nsc-br0", "nsc-v0");
	RUN_OK(&r, "ip", "link", "add", "nsc-br1", "type", "bridge");
	RUN_OK(&r, "ip", "link", "set", "nsc-v1", "master", "nsc-br1");
	EXPECT_LT(0, if_nametoindex("nsc-br0")) TH_LOG("%m");
	EXPECT_STREQ("nsc-br0", master_of("nsc-v0", got, sizeof(got)));
	EXPECT_STREQ("nsc-br1", master_of("nsc-v1", got, sizeof(got)));

	RUN_OK(&r, "brctl", "show");
	brctl_ifaces(r.out, "nsc-br0", got, sizeof(got));
	EXPECT_STREQ("nsc-v0", got) TH_LOG("brctl show:\n%s", r.out);
	brctl_ifaces(r.out, "nsc-br1", got, sizeof(got));
	EXPECT_STREQ("nsc-v1", got) TH_LOG("brctl show:\n%s", r.out);
}

TEST_HARNESS_MAIN
