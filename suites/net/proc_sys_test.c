// SPDX-License-Identifier: GPL-2.0
/*
 * What /proc/net, /sys/class/net, /proc/sys/net and netfilter show across
 * network namespaces.
 * Source: network_namespaces(7), proc(5), user_namespaces(7), unshare(1),
 * Documentation/admin-guide/sysctl/net.rst (devconf_inherit_init_net).
 */
#include <dirent.h>
#include <pthread.h>
#include <sys/mount.h>

#include "nsc_harness.h"
#include "net_util.h"

FIXTURE(procsys) {
	int a, b;
	struct nsc_child child;
};

FIXTURE_VARIANT(procsys) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(procsys);

FIXTURE_SETUP(procsys)
{
	self->a = self->b = -EBADF;
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
}

FIXTURE_TEARDOWN(procsys)
{
	nsc_child_kill(&self->child);
	if (self->a >= 0)
		close(self->a);
	if (self->b >= 0)
		close(self->b);
}

/* covers: NET-20 */
TEST_F(procsys, net_20_proc_net_follows_reader_netns)
{
	char link[32] = "", path[64];
	ssize_t n;
	int fb;

	n = readlink("/proc/net", link, sizeof(link) - 1);
	ASSERT_LT(0, n) TH_LOG("readlink /proc/net: %m");
	EXPECT_STREQ("self/net", link);
	/* A holds three devices, B (made from A) only lo (and in both the
	 * tunnel drivers' fallback devices, fb of them) */
	ASSERT_NETNS_NEW(self->a);
	fb = nsc_if_fallback_count();
	ASSERT_LE(0, fb) TH_LOG("if_nameindex: %m");
	ASSERT_IP("link add va type veth peer name vb\n");
	ASSERT_EQ(3 + fb, proc_table_rows("/proc/net/dev", 2));
	ASSERT_NETNS_NEW(self->b);
	EXPECT_EQ(1 + fb, proc_table_rows("/proc/net/dev", 2));
	ASSERT_NETNS_ENTER(self->a);
	EXPECT_EQ(3 + fb, proc_table_rows("/proc/net/dev", 2));
	/* /proc/PID/net: a child parked in its own netns shows only lo */
	ASSERT_CHILD_START(&self->child, CLONE_NEWNET, nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	snprintf(path, sizeof(path), "/proc/%d/net/dev", self->child.pid);
	EXPECT_EQ(1 + fb, proc_table_rows(path, 2));
	EXPECT_EQ(3 + fb, proc_table_rows("/proc/self/net/dev", 2));
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/*
 * /proc/self is the thread-group leader, so /proc/net shows the leader's
 * netns; a thread that setns()ed elsewhere sees its own only through
 * /proc/thread-self/net.
 */
struct thr_view {
	int ns;
	int proc_net, thread_self;
	int err;
};

static void *thread_reads(void *arg)
{
	struct thr_view *v = arg;

	if (setns(v->ns, CLONE_NEWNET)) {
		v->err = errno;
		return NULL;
	}
	v->proc_net = proc_table_rows("/proc/net/dev", 2);
	v->thread_self = proc_table_rows("/proc/thread-self/net/dev", 2);
	return NULL;
}

/* covers: NET-20 */
TEST_F(procsys, net_20_proc_net_is_leader_view_thread_self_is_thread_view)
{
	struct thr_view v = { .proc_net = -1, .thread_self = -1 };
	pthread_t t;

	int fb;

	ASSERT_NETNS_NEW(self->b);
	ASSERT_NETNS_NEW(self->a);
	fb = nsc_if_fallback_count();	/* sit0 and the like, in every netns */
	ASSERT_LE(0, fb) TH_LOG("if_nameindex: %m");
	ASSERT_IP("link add va type veth peer name vb\n");
	v.ns = self->b;
	ASSERT_EQ(0, pthread_create(&t, NULL, thread_reads, &v));
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_EQ(0, v.err) TH_LOG("setns in the thread: %s", strerror(v.err));
	EXPECT_EQ(3 + fb, v.proc_net) TH_LOG("/proc/net in the thread: not the leader's A");
	EXPECT_EQ(1 + fb, v.thread_self) TH_LOG("/proc/thread-self/net: not the thread's B");
}

/* Space-joined, sorted entries of DIR (dots excluded). */
static int list_dir(const char *dir, char *buf, size_t len)
{
	struct dirent **ents;
	size_t off = 0;
	int n = scandir(dir, &ents, NULL, alphasort), k = 0;

	if (n < 0)
		return -1;
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (ents[i]->d_name[0] != '.' && off < len)
			off += snprintf(buf + off, len - off, "%s%s",
					k++ ? " " : "", ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
	return k;
}

/* covers: NET-21 */
TEST_F(procsys, net_21_sys_class_net_needs_sysfs_remount)
{
	char before[1024], stale[1024], fresh[1024];
	int fb;

	ASSERT_EQ(0, nsc_private_mntns()) TH_LOG("private mount ns: %m");
	ASSERT_LE(0, list_dir("/sys/class/net", before, sizeof(before)));
	ASSERT_NETNS_NEW(self->a);
	fb = nsc_if_fallback_count();	/* sit0 and the like, in every netns */
	ASSERT_LE(0, fb) TH_LOG("if_nameindex: %m");
	ASSERT_IP("link add va type veth peer name vb\n");
	/* the old sysfs mount still shows the netns that mounted it */
	ASSERT_LE(0, list_dir("/sys/class/net", stale, sizeof(stale)));
	EXPECT_STREQ(before, stale);
	EXPECT_FALSE(word_in(stale, "va"));

	ASSERT_EQ(0, mount("sysfs", "/sys", "sysfs", 0, NULL))
		TH_LOG("mount sysfs in the new netns: %m");
	ASSERT_EQ(3 + fb, list_dir("/sys/class/net", fresh, sizeof(fresh)))
		TH_LOG("/sys/class/net: %s", fresh);
	EXPECT_TRUE(word_in(fresh, "lo") && word_in(fresh, "va") && word_in(fresh, "vb"))
		TH_LOG("/sys/class/net: %s", fresh);
}

/* Child: its own user + mount ns, with or without its own netns. */
static int mount_sysfs(int sock, void *arg)
{
	int extra = *(int *)arg;

	CHILD_ASSERT(!nsc_unshare_userns_root(extra), "%m");
	CHILD_ASSERT(!nsc_private_mntns(), "%m");
	if (mount("sysfs", "/sys", "sysfs", 0, NULL))
		return errno == EPERM ? 2 : (nsc_child_log(__FILE__, __LINE__,
					      "mount sysfs: %m"), 1);
	return 0;
}

/* covers: NET-22 */
TEST(net_22_sysfs_mount_allowed_with_owned_netns)
{
	struct nsc_child c = NSC_CHILD_INIT;
	int extra = CLONE_NEWNET;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_CHILD_START(&c, 0, mount_sysfs, &extra);
	ASSERT_EQ(0, nsc_child_wait(&c)) TH_LOG("2 = EPERM in unshare -Urnm");
}

/* covers: NET-22 */
TEST(net_22_sysfs_mount_denied_in_foreign_netns)
{
	struct nsc_child c = NSC_CHILD_INIT;
	int extra = 0;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_CHILD_START(&c, 0, mount_sysfs, &extra);
	ASSERT_EQ(2, nsc_child_wait(&c))
		TH_LOG("unshare -Urm: expected EPERM (2), 0 = mounted");
}

/* Child in a new netns: flips ip_forward, checks it, waits. */
struct flip_arg {
	long value;
	ino_t parent_ns;
};

static int flip_forward(int sock, void *arg)
{
	const struct flip_arg *a = arg;
	long want = !a->value, got;

	/* never write before knowing this is not the parent's netns */
	CHILD_ASSERT(cur_netns_ino() != a->parent_ns, "CLONE_NEWNET ignored");

	CHILD_ASSERT(!nsc_write_long("/proc/sys/net/ipv4/ip_forward", want), "%m");
	CHILD_ASSERT(!nsc_read_long("/proc/sys/net/ipv4/ip_forward", &got), "%m");
	CHILD_ASSERT(got == want, "ip_forward reads %ld after writing %ld", got, want);
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

/* covers: NET-23 */
TEST_F(procsys, net_23_sysctl_write_stays_in_netns)
{
	struct flip_arg a = { .parent_ns = cur_netns_ino() };
	long now;

	ASSERT_EQ(0, nsc_read_long("/proc/sys/net/ipv4/ip_forward", &a.value));
	ASSERT_CHILD_START(&self->child, CLONE_NEWNET, flip_forward, &a);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_NE(cur_netns_ino(), nsc_ns_ino(self->child.pid, "net"));
	ASSERT_EQ(0, nsc_read_long("/proc/sys/net/ipv4/ip_forward", &now));
	EXPECT_EQ(a.value, now) TH_LOG("the child's write reached our netns");
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/* Values of every IPv4 conf/all and conf/default entry, plus ip_forward. */
struct devconf {
	char text[8192];
};

static int read_devconf(struct devconf *d)
{
	static const char *const dirs[] = { "/proc/sys/net/ipv4/conf/all",
					    "/proc/sys/net/ipv4/conf/default" };
	char names[2048], path[256], val[64];
	size_t off = 0;

	d->text[0] = '\0';
	for (size_t i = 0; i < NSC_ARRAY_SIZE(dirs); i++) {
		char *save = NULL;

		if (list_dir(dirs[i], names, sizeof(names)) <= 0)
			return -1;
		for (char *n = strtok_r(names, " ", &save); n;
		     n = strtok_r(NULL, " ", &save)) {
			snprintf(path, sizeof(path), "%s/%s", dirs[i], n);
			if (nsc_read_line(path, val, sizeof(val)))
				return -1;
			off += snprintf(d->text + off, sizeof(d->text) - off,
					"%s=%s\n", path + 19, val);
		}
	}
	return nsc_read_line("/proc/sys/net/ipv4/ip_forward", val, sizeof(val)) ? -1 :
	       (snprintf(d->text + off, sizeof(d->text) - off, "ip_forward=%s\n",
			 val), 0);
}

/* covers: NET-24 */
TEST_F(procsys, net_24_new_netns_copies_devconf_from_init_netns)
{
	static struct devconf init, creator, fresh;
	long inherit, fwd;

	/* only in the initial netns can we read the values to compare */
	if (!nsc_in_init_netns())
		SKIP(return, "not in the initial netns (inode %lu is neither "
		     "NET_NS_INIT_INO nor pid 1's netns)",
		     (unsigned long)cur_netns_ino());
	if (nsc_read_long("/proc/sys/net/core/devconf_inherit_init_net", &inherit))
		SKIP(return, "no net.core.devconf_inherit_init_net (%m; 5.1+)");
	if (inherit != 0)
		SKIP(return, "net.core.devconf_inherit_init_net = %ld, the rule "
		     "is about 0", inherit);
	ASSERT_EQ(0, read_devconf(&init)) TH_LOG("initial netns: %m");
	ASSERT_EQ(0, nsc_read_long("/proc/sys/net/ipv4/ip_forward", &fwd));

	/* the creator A differs from the initial netns in three entries */
	ASSERT_NETNS_NEW(self->a);
	ASSERT_EQ(0, nsc_write_long("/proc/sys/net/ipv4/ip_forward", !fwd));
	ASSERT_EQ(0, nsc_write_long("/proc/sys/net/ipv4/conf/all/log_martians", 1));
	ASSERT_EQ(0, nsc_write_long("/proc/sys/net/ipv4/conf/default/accept_local", 1));
	ASSERT_EQ(0, read_devconf(&creator));
	ASSERT_STRNE(init.text, creator.text);

	ASSERT_NETNS_NEW(self->b);
	ASSERT_EQ(0, read_devconf(&fresh));
	EXPECT_STREQ(init.text, fresh.text);
}

/* covers: NET-29 */
TEST_F(procsys, net_29_nft_rules_are_per_netns)
{
	static struct nsc_run r;
	char tables[256], path[64], d[512];
	int us, port = 0, fd;
	static const char rules[] =
		"table inet nsc_net29 {\n"
		"  chain out {\n"
		"    type filter hook output priority 0; policy accept;\n"
		"    oif \"lo\" drop\n"
		"  }\n"
		"}\n";

	NSC_REQUIRE(nsc_need_tool("nft"));
	ASSERT_NETNS_NEW(self->a);
	ASSERT_EQ(0, nsc_if_set_up("lo", true)) TH_LOG("%m");
	ASSERT_NETNS_NEW(self->b);
	ASSERT_EQ(0, nsc_if_set_up("lo", true)) TH_LOG("%m");
	fd = memfd_create("nsc-nft", 0);
	ASSERT_LE(0, fd) TH_LOG("%m");
	ASSERT_EQ((ssize_t)strlen(rules), write(fd, rules, strlen(rules)));
	ASSERT_EQ(0, nsc_run_rc(&r, "nft", "-f", fd_path(path, sizeof(path), fd),
				NULL)) TH_LOG("nft -f: %s", nsc_run_desc(&r, d, sizeof(d)));
	close(fd);
	/* in B the table exists and drops loopback output */
	ASSERT_EQ(1, nft_tables(tables, sizeof(tables))) TH_LOG("B: %s", tables);
	ASSERT_STREQ("nsc_net29", tables);
	us = udp_bind("127.0.0.1", &port);
	ASSERT_LE(0, us) TH_LOG("%m");
	EXPECT_EQ(EPERM, udp_try_send("127.0.0.1", port)) TH_LOG("B's rule not active");
	close(us);

	/* A, B's creator: no table, loopback traffic flows */
	ASSERT_NETNS_ENTER(self->a);
	EXPECT_EQ(0, nft_tables(tables, sizeof(tables))) TH_LOG("A: %s", tables);
	us = udp_bind("127.0.0.1", &port);
	ASSERT_LE(0, us) TH_LOG("%m");
	EXPECT_EQ(0, udp_try_send("127.0.0.1", port));
	EXPECT_EQ(0, udp_recv_one(us));
	close(us);
}

TEST_HARNESS_MAIN
