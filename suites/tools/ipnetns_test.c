// SPDX-License-Identifier: GPL-2.0
/*
 * ip-netns(8) from iproute2. Every test runs in a private mount ns with a
 * tmpfs on /run (so /run/netns is ours alone) and in a fresh netns (so nsid
 * assignments never reach the host's netns).
 * Source: ip-netns(8).
 */
#include <net/if.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "nsc_harness.h"
#include "tools_util.h"

FIXTURE(ipnetns) {
	struct nsc_child c;
	struct tproc tp;
	char name[32], name2[32], path[64], path2[64];
};

FIXTURE_VARIANT(ipnetns) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(ipnetns);

FIXTURE_SETUP(ipnetns)
{
	self->c = (struct nsc_child)NSC_CHILD_INIT;
	self->tp = (struct tproc)TPROC_INIT;
	NSC_REQUIRE(nsc_need_tool("ip"));
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_EQ(0, nsc_private_mntns()) TH_LOG("%m");
	/* proven new (else EEXIST) before ip(8) names or numbers anything */
	ASSERT_EQ(0, nsc_unshare_checked(CLONE_NEWNET)) TH_LOG("%m");
	ASSERT_EQ(0, mount("nsc-run", "/run", "tmpfs", 0, "mode=0755")) TH_LOG("%m");
	nsc_uniq(self->name, sizeof(self->name), "nsc-a");
	nsc_uniq(self->name2, sizeof(self->name2), "nsc-b");
	snprintf(self->path, sizeof(self->path), "/run/netns/%s", self->name);
	snprintf(self->path2, sizeof(self->path2), "/run/netns/%s", self->name2);
}

FIXTURE_TEARDOWN(ipnetns)
{
	nsc_child_kill(&self->c);
	tproc_kill(&self->tp);
}

/* Lines of `ip netns list` whose first word is name. */
static int listed(const char *out, const char *name)
{
	char line[128];
	int n = 0;

	for (int i = 0; !nth_line(out, i, line, sizeof(line)); i++) {
		line[strcspn(line, " ")] = '\0';
		n += !strcmp(line, name);
	}
	return n;
}

static ino_t file_ino(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : st.st_ino;
}

NSC_RULES(tools_24_add_persists_bind_mounted_ns, "TOOLS-24");
TEST_F(ipnetns, tools_24_add_persists_bind_mounted_ns)
{
	struct nsc_mountinfo m;
	struct nsc_run r;
	char want[48];
	int fd;

	RUN_OK(&r, "ip", "netns", "add", self->name);
	ASSERT_EQ(0, nsc_mountinfo_find(0, self->path, &m)) TH_LOG("no mount at %s", self->path);
	EXPECT_STREQ("nsfs", m.fstype);
	snprintf(want, sizeof(want), "net:[%lu]", (unsigned long)file_ino(self->path));
	EXPECT_STREQ(want, m.root);
	EXPECT_NE(nsc_ns_ino(0, "net"), file_ino(self->path));
	/* no process holds it, yet it is a live netns */
	fd = open(self->path, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd) TH_LOG("%s: %m", self->path);
	EXPECT_EQ(CLONE_NEWNET, ioctl(fd, NS_GET_NSTYPE)) TH_LOG("%m");
	close(fd);
	ASSERT_EQ(0, nsc_mountinfo_find(0, "/run/netns", &m));
	EXPECT_NE(0, nsc_mnt_tag(&m, "shared")) TH_LOG("/run/netns: '%s'", m.optional);
	RUN_OK(&r, "ip", "netns", "list");
	EXPECT_EQ(1, listed(r.out, self->name)) TH_LOG("%s", r.out);
	RUN_OK(&r, "ip", "netns");
	EXPECT_EQ(1, listed(r.out, self->name)) TH_LOG("%s", r.out);
}

NSC_RULES(tools_25_exec_remounts_sys_and_binds_etc_netns, "TOOLS-25");
TEST_F(ipnetns, tools_25_exec_remounts_sys_and_binds_etc_netns)
{
	char dir[96], file[128], line[128], want[64];
	unsigned long flags;
	struct nsc_run r;

	/* /etc/netns exists only in an overlay over /etc, in our mount ns */
	if (!nsc_read_file("/proc/filesystems", r.out, sizeof(r.out)) &&
	    !strstr(r.out, "\toverlay\n"))
		SKIP(return, "kernel lacks overlayfs (CONFIG_OVERLAY_FS) for /etc/netns");
	ASSERT_EQ(0, mkdir("/run/u", 0755));
	ASSERT_EQ(0, mkdir("/run/w", 0755));
	if (mount("overlay", "/etc", "overlay", 0,
		  "lowerdir=/etc,upperdir=/run/u,workdir=/run/w")) {
		/* 459c7c565ac3 ("ovl: unprivieged mounts"), 5.11 (MNT-32) */
		if (errno == EPERM && !nsc_in_init_userns() &&
		    !nsc_kernel_at_least(5, 11))
			SKIP(return, "overlayfs (for /etc/netns) is not mountable in a user ns before 5.11 (EPERM)");
		ASSERT_TRUE(0) TH_LOG("overlay over /etc: %m");
	}
	ASSERT_EQ(0, mkdir("/etc/netns", 0755)) TH_LOG("%m");
	snprintf(dir, sizeof(dir), "/etc/netns/%s", self->name);
	ASSERT_EQ(0, mkdir(dir, 0755));
	snprintf(file, sizeof(file), "%s/nsc-tools", dir);
	ASSERT_EQ(0, nsc_touch(file));
	ASSERT_EQ(0, nsc_write_file(file, "inner\n"));
	ASSERT_EQ(0, nsc_touch("/etc/nsc-tools"));
	ASSERT_EQ(0, nsc_write_file("/etc/nsc-tools", "outer\n"));

	RUN_OK(&r, "ip", "netns", "add", self->name);
	/* the devices last: a kernel with tunnel drivers built in or loaded
	 * adds their fallback devices (sit0, ...) to every netns */
	RUN_OK(&r, "ip", "netns", "exec", self->name, "sh", "-c",
	       "echo $(ls /sys/class/net); cat /sys/class/net/lo/flags /etc/nsc-tools; "
	       "readlink /proc/self/ns/net /proc/self/ns/mnt");
	ASSERT_EQ(0, nth_line(r.out, 0, line, sizeof(line))) TH_LOG("%s", r.out);
	{
		char *save, *dev;
		int lo = 0, others = 0;

		for (dev = strtok_r(line, " ", &save); dev; dev = strtok_r(NULL, " ", &save)) {
			lo += !strcmp(dev, "lo");
			others += strcmp(dev, "lo") && !nsc_if_fallback_tunnel(dev);
		}
		EXPECT_EQ(1, lo) TH_LOG("%s", r.out);
		EXPECT_EQ(0, others) TH_LOG("%s", r.out);
	}
	ASSERT_EQ(0, nth_line(r.out, 1, line, sizeof(line)));
	flags = strtoul(line, NULL, 16);
	EXPECT_TRUE(flags & IFF_LOOPBACK) TH_LOG("%s", r.out);
	EXPECT_FALSE(flags & IFF_UP) TH_LOG("lo is up in a fresh netns");
	ASSERT_EQ(0, nth_line(r.out, 2, line, sizeof(line)));
	EXPECT_STREQ("inner", line) TH_LOG("/etc/netns/NAME/FILE not bound");
	ASSERT_EQ(0, nth_line(r.out, 3, line, sizeof(line)));
	snprintf(want, sizeof(want), "net:[%lu]", (unsigned long)file_ino(self->path));
	EXPECT_STREQ(want, line);
	ASSERT_EQ(0, nth_line(r.out, 4, line, sizeof(line)));
	EXPECT_EQ(0, strncmp(line, "mnt:[", 5));
	ASSERT_EQ(0, ns_link(0, "mnt", want, sizeof(want)));
	EXPECT_STRNE(want, line) TH_LOG("exec did not use a new mount ns");
	/* our own view is untouched */
	ASSERT_EQ(0, nsc_read_line("/etc/nsc-tools", line, sizeof(line)));
	EXPECT_STREQ("outer", line);
}

NSC_RULES(tools_26_all_netns_exec_runs_in_each, "TOOLS-26");
TEST_F(ipnetns, tools_26_all_netns_exec_runs_in_each)
{
	const char *names[2] = { self->name, self->name2 };
	const char *paths[2] = { self->path, self->path2 };
	char line[128], hdr[64], want[48];
	struct nsc_run r;

	RUN_OK(&r, "ip", "netns", "add", self->name);
	RUN_OK(&r, "ip", "netns", "add", self->name2);
	RUN_OK(&r, "ip", "-all", "netns", "exec", "readlink", "/proc/self/ns/net");
	for (int k = 0; k < 2; k++) {
		bool found = false;

		snprintf(hdr, sizeof(hdr), "netns: %s", names[k]);
		snprintf(want, sizeof(want), "net:[%lu]", (unsigned long)file_ino(paths[k]));
		for (int i = 0; !nth_line(r.out, i, line, sizeof(line)); i++) {
			if (strcmp(line, hdr))
				continue;
			found = true;
			ASSERT_EQ(0, nth_line(r.out, i + 1, line, sizeof(line)));
			EXPECT_STREQ(want, line) TH_LOG("output under '%s'", hdr);
		}
		EXPECT_TRUE(found) TH_LOG("no '%s' in:\n%s", hdr, r.out);
	}
	{
		int headers = 0;

		for (int i = 0; !nth_line(r.out, i, line, sizeof(line)); i++)
			headers += !strncmp(line, "netns: ", 7);
		EXPECT_EQ(2, headers) TH_LOG("%s", r.out);
	}
}

static int hold(int sock, void *arg)
{
	const char *join = arg;

	if (join) {
		int fd = open(join, O_RDONLY | O_CLOEXEC);

		CHILD_ASSERT(fd >= 0 && !setns(fd, CLONE_NEWNET), "%s: %m", join);
		close(fd);
	}
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	if (nsc_recv_byte(sock) != 'c')
		return 0;
	/* asked to look at our (now unnamed) netns */
	CHILD_ASSERT(if_nametoindex("nsc-va") > 0 && if_nametoindex("nsc-vb") > 0,
		     "veth pair gone from the netns: %m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'y'), "%m");
	nsc_recv_byte(sock);
	return 0;
}

NSC_RULES(tools_27_identify_pids_attach, "TOOLS-27");
TEST_F(ipnetns, tools_27_identify_pids_attach)
{
	char *argv[] = { "ip", "netns", "exec", self->name2, "cat", NULL };
	char pid[16], cat[16];
	struct nsc_run r;

	/* attach: name the netns of a process that has none */
	ASSERT_CHILD_START(&self->c, CLONE_NEWNET, hold, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->c.sock));
	snprintf(pid, sizeof(pid), "%d", (int)self->c.pid);
	RUN_OK(&r, "ip", "netns", "attach", self->name, pid);
	EXPECT_EQ(nsc_ns_ino(self->c.pid, "net"), file_ino(self->path));
	RUN_OK(&r, "ip", "netns", "identify", pid);
	EXPECT_EQ(1, count_lines_eq(r.out, self->name)) TH_LOG("%s", r.out);
	RUN_OK(&r, "ip", "netns", "pids", self->name);
	EXPECT_EQ(1, count_lines_eq(r.out, pid)) TH_LOG("%s", r.out);

	/* a sleeper started by ip netns exec */
	RUN_OK(&r, "ip", "netns", "add", self->name2);
	ASSERT_EQ(0, tproc_spawn_cat(&self->tp, argv)) TH_LOG("%m");
	ASSERT_EQ(file_ino(self->path2), nsc_ns_ino(self->tp.pid, "net"));
	snprintf(cat, sizeof(cat), "%d", (int)self->tp.pid);
	RUN_OK(&r, "ip", "netns", "identify", cat);
	EXPECT_EQ(1, count_lines_eq(r.out, self->name2)) TH_LOG("%s", r.out);
	RUN_OK(&r, "ip", "netns", "pids", self->name2);
	EXPECT_EQ(1, count_lines_eq(r.out, cat)) TH_LOG("%s", r.out);
	EXPECT_EQ(0, count_lines_eq(r.out, pid)) TH_LOG("%s", r.out);
}

NSC_RULES(tools_28_del_leaves_ns_alive_while_used, "TOOLS-28");
TEST_F(ipnetns, tools_28_del_leaves_ns_alive_while_used)
{
	struct nsc_mountinfo m;
	struct nsc_run r;
	ino_t ino;

	RUN_OK(&r, "ip", "netns", "add", self->name);
	ino = file_ino(self->path);
	ASSERT_NE(0, ino);
	RUN_OK(&r, "ip", "-n", self->name, "link", "add", "nsc-va", "type",
	       "veth", "peer", "name", "nsc-vb");
	ASSERT_CHILD_START(&self->c, 0, hold, self->path);
	ASSERT_EQ('r', nsc_recv_byte(self->c.sock));
	RUN_OK(&r, "ip", "netns", "del", self->name);
	EXPECT_EQ(-1, access(self->path, F_OK));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_NE(0, nsc_mountinfo_find(0, self->path, &m));
	RUN_OK(&r, "ip", "netns", "list");
	EXPECT_EQ(0, listed(r.out, self->name)) TH_LOG("%s", r.out);
	/* the member still holds the same netns, devices included */
	EXPECT_EQ(ino, nsc_ns_ino(self->c.pid, "net"));
	ASSERT_EQ(0, nsc_send_byte(self->c.sock, 'c'));
	EXPECT_EQ('y', nsc_recv_byte(self->c.sock));
}

NSC_RULES(tools_29_set_assigns_nsid_once, "TOOLS-29");
TEST_F(ipnetns, tools_29_set_assigns_nsid_once)
{
	char want[128];
	struct nsc_run r;

	RUN_OK(&r, "ip", "netns", "add", self->name);
	RUN_OK(&r, "ip", "netns", "set", self->name, "17");
	RUN_OK(&r, "ip", "netns", "list");
	snprintf(want, sizeof(want), "%s (id: 17)", self->name);
	EXPECT_EQ(1, count_lines_eq(r.out, want)) TH_LOG("%s", r.out);
	RUN_OK(&r, "ip", "netns", "list-id");
	snprintf(want, sizeof(want), "nsid 17 (iproute2 netns name: %s)", self->name);
	EXPECT_EQ(1, count_lines_eq(r.out, want)) TH_LOG("%s", r.out);
	RUN_ANY(&r, "ip", "netns", "set", self->name, "18");
	EXPECT_NE(0, r.exit_code);
	EXPECT_NE(NULL, strstr(r.err, "already has a nsid assigned")) TH_LOG("%s", r.err);
	RUN_OK(&r, "ip", "netns", "list");
	snprintf(want, sizeof(want), "%s (id: 17)", self->name);
	EXPECT_EQ(1, count_lines_eq(r.out, want)) TH_LOG("%s", r.out);
}

TEST_HARNESS_MAIN
