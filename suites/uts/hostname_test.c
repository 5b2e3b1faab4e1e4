// SPDX-License-Identifier: GPL-2.0
/*
 * UTS namespaces: hostname and domainname isolation.
 * Source: uts_namespaces(7), user_namespaces(7), ioctl_ns(2).
 */
#include <limits.h>
#include <sys/utsname.h>

#include "nsc_harness.h"

/* The three views of the host name (UTS-02): uname, gethostname, /proc. */
struct names {
	struct utsname u;
	char host[HOST_NAME_MAX + 2];
	char proc_host[128];
	char proc_domain[128];
};

static int read_names(struct names *n)
{
	if (uname(&n->u) || gethostname(n->host, sizeof(n->host)))
		return -1;
	if (nsc_read_line("/proc/sys/kernel/hostname", n->proc_host,
			  sizeof(n->proc_host)))
		return -1;
	return nsc_read_line("/proc/sys/kernel/domainname", n->proc_domain,
			     sizeof(n->proc_domain));
}

/* The caller's names equal those saved in *before. */
static bool names_unchanged(const struct names *before)
{
	struct names now;

	return !read_names(&now) &&
	       !strcmp(now.u.nodename, before->u.nodename) &&
	       !strcmp(now.u.domainname, before->u.domainname) &&
	       !strcmp(now.proc_host, before->proc_host) &&
	       !strcmp(now.proc_domain, before->proc_domain);
}

/*
 * In a child, before it writes a name: its UTS namespace is not the
 * parent's. Fails closed (an unreadable link is not "new"), so a kernel
 * that ignored CLONE_NEWUTS is caught before the host is renamed.
 */
static bool uts_is_new(const struct nsc_nsid *parent)
{
	struct nsc_nsid me;

	return !nsc_ns_stat(0, "uts", &me) && !nsc_nsid_eq(&me, parent);
}

#define CHILD_ASSERT_NEW_UTS(parent) \
	CHILD_ASSERT(uts_is_new(parent), \
		     "UTS ns not new (or its link unreadable): %m")

/* What a child that writes a name needs: the name, which name, and the
 * parent's UTS ns to tell its own is new. */
struct set_arg {
	const char *name;
	bool domain;
	struct nsc_nsid parent;
};

FIXTURE(uts) {
	struct names parent;
	struct set_arg arg;
	struct nsc_child child;
	char name[64];
};

FIXTURE_VARIANT(uts) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(uts);

FIXTURE_SETUP(uts)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_EQ(0, read_names(&self->parent)) TH_LOG("reading names: %m");
	nsc_uniq(self->name, sizeof(self->name), "nsc-uts-");
	self->arg.name = self->name;
	ASSERT_EQ(0, nsc_ns_stat(0, "uts", &self->arg.parent)) TH_LOG("%m");
}

FIXTURE_TEARDOWN(uts)
{
	nsc_child_kill(&self->child);
}

/* Child: reports its names to the parent, then waits for a go-ahead. */
static int report_names(int sock, void *arg)
{
	struct names n;

	CHILD_ASSERT(!read_names(&n), "%m");
	CHILD_ASSERT(!nsc_send_buf(sock, &n, sizeof(n)), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

NSC_RULES(uts_01_new_ns_starts_with_creator_names, "UTS-01");
TEST_F(uts, uts_01_new_ns_starts_with_creator_names)
{
	struct names child;

	ASSERT_CHILD_START(&self->child, CLONE_NEWUTS, report_names, NULL);
	ASSERT_EQ(sizeof(child),
		  nsc_recv_buf(self->child.sock, &child, sizeof(child)));
	/* the child really sits in another UTS namespace */
	ASSERT_NE(nsc_ns_ino(0, "uts"), nsc_ns_ino(self->child.pid, "uts"));
	EXPECT_STREQ(self->parent.u.nodename, child.u.nodename);
	EXPECT_STREQ(self->parent.u.domainname, child.u.domainname);
	EXPECT_STREQ(self->parent.proc_host, child.proc_host);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/* Child: sets the name given in arg with sethostname() or setdomainname(). */
static int set_and_check(int sock, void *arg)
{
	const struct set_arg *a = arg;
	size_t len = strlen(a->name);
	struct names n;

	CHILD_ASSERT_NEW_UTS(&a->parent);
	if (a->domain)
		CHILD_ASSERT(!setdomainname(a->name, len), "%m");
	else
		CHILD_ASSERT(!sethostname(a->name, len), "%m");
	CHILD_ASSERT(!read_names(&n), "%m");
	if (a->domain) {
		CHILD_ASSERT(!strcmp(n.u.domainname, a->name), "uname: %s", n.u.domainname);
		CHILD_ASSERT(!strcmp(n.proc_domain, a->name), "proc: %s", n.proc_domain);
	} else {
		CHILD_ASSERT(!strcmp(n.u.nodename, a->name), "uname: %s", n.u.nodename);
		CHILD_ASSERT(!strcmp(n.host, a->name), "gethostname: %s", n.host);
		CHILD_ASSERT(!strcmp(n.proc_host, a->name), "proc: %s", n.proc_host);
	}
	/* hold the namespace until the parent has looked at its own names */
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

static void run_set_test(struct __test_metadata *_metadata,
			 FIXTURE_DATA(uts) *self, bool domain)
{
	self->arg.domain = domain;
	ASSERT_CHILD_START(&self->child, CLONE_NEWUTS, set_and_check, &self->arg);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock))
		TH_LOG("child did not set the %s name", domain ? "domain" : "host");
	EXPECT_TRUE(names_unchanged(&self->parent))
		TH_LOG("the creator's names changed");
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

NSC_RULES(uts_02_hostname_change_stays_inside, "UTS-02");
TEST_F(uts, uts_02_hostname_change_stays_inside)
{
	run_set_test(_metadata, self, false);
}

NSC_RULES(uts_03_domainname_change_stays_inside, "UTS-03");
TEST_F(uts, uts_03_domainname_change_stays_inside)
{
	run_set_test(_metadata, self, true);
}

/* Child: A sets the name, B (same ns, forked before) reads it. */
static int member_reader(int sock, void *arg)
{
	const char *want = ((const struct set_arg *)arg)->name;
	char host[HOST_NAME_MAX + 1];

	CHILD_ASSERT(nsc_recv_byte(sock) == 'n', "no go-ahead");
	CHILD_ASSERT(!gethostname(host, sizeof(host)), "%m");
	CHILD_ASSERT(!strcmp(host, want), "member sees '%s'", host);
	return 0;
}

static int two_members(int sock, void *arg)
{
	struct nsc_child b = NSC_CHILD_INIT;
	const struct set_arg *a = arg;
	int rc;

	CHILD_ASSERT_NEW_UTS(&a->parent);
	CHILD_ASSERT(!nsc_child_start(&b, 0, member_reader, arg), "%m");
	CHILD_ASSERT(!sethostname(a->name, strlen(a->name)), "%m");
	CHILD_ASSERT(!nsc_send_byte(b.sock, 'n'), "%m");
	rc = nsc_child_wait(&b);
	CHILD_ASSERT(rc == 0, "member B failed (%d)", rc);
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

static int joiner(int sock, void *arg)
{
	char host[HOST_NAME_MAX + 1];
	int fd = nsc_recv_fd(sock);

	CHILD_ASSERT(fd >= 0, "%m");
	CHILD_ASSERT(!setns(fd, CLONE_NEWUTS), "%m");
	CHILD_ASSERT(!gethostname(host, sizeof(host)), "%m");
	CHILD_ASSERT(!strcmp(host, ((const struct set_arg *)arg)->name),
		     "joiner sees '%s'", host);
	return 0;
}

NSC_RULES(uts_05_change_seen_by_members_and_joiners, "UTS-05");
TEST_F(uts, uts_05_change_seen_by_members_and_joiners)
{
	struct nsc_child c = NSC_CHILD_INIT;
	int fd;

	ASSERT_CHILD_START(&self->child, CLONE_NEWUTS, two_members, &self->arg);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	fd = nsc_ns_open(self->child.pid, "uts");
	ASSERT_LE(0, fd) TH_LOG("open /proc/%d/ns/uts: %m", self->child.pid);
	ASSERT_CHILD_START(&c, 0, joiner, &self->arg);
	ASSERT_EQ(0, nsc_send_fd(c.sock, fd));
	close(fd);
	ASSERT_CHILD_OK(&c);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
	EXPECT_TRUE(names_unchanged(&self->parent));
}

static int name_lengths(int sock, void *arg)
{
	char name[66];

	CHILD_ASSERT_NEW_UTS(arg);
	memset(name, 'a', sizeof(name));
	CHILD_ASSERT(!sethostname(name, 64), "64-byte hostname: %m");
	CHILD_ASSERT(!setdomainname(name, 64), "64-byte domainname: %m");
	errno = 0;
	CHILD_ASSERT(sethostname(name, 65) == -1 && errno == EINVAL,
		     "65-byte hostname: errno %d", errno);
	errno = 0;
	CHILD_ASSERT(setdomainname(name, 65) == -1 && errno == EINVAL,
		     "65-byte domainname: errno %d", errno);
	return 0;
}

NSC_RULES(uts_06_names_limited_to_64_bytes, "UTS-06");
TEST_F(uts, uts_06_names_limited_to_64_bytes)
{
	ASSERT_CHILD_RUN(CLONE_NEWUTS, name_lengths, &self->arg.parent);
	EXPECT_TRUE(names_unchanged(&self->parent));
}

/*
 * Child: in its own (proven new) UTS ns, takes a host name of its own, so
 * uname() reads this namespace's copy (nodename differs from the
 * parent's); the other four fields of that copy equal the parent's.
 */
static int compare_other_fields(int sock, void *arg)
{
	FIXTURE_DATA(uts) *self = arg;
	const struct utsname *p = &self->parent.u;
	struct utsname u;

	CHILD_ASSERT_NEW_UTS(&self->arg.parent);
	CHILD_ASSERT(!sethostname(self->name, strlen(self->name)), "%m");
	CHILD_ASSERT(!uname(&u), "%m");
	CHILD_ASSERT(!strcmp(u.nodename, self->name) &&
		     strcmp(u.nodename, p->nodename),
		     "nodename %s (parent %s)", u.nodename, p->nodename);
	CHILD_ASSERT(!strcmp(u.sysname, p->sysname), "sysname %s", u.sysname);
	CHILD_ASSERT(!strcmp(u.release, p->release), "release %s", u.release);
	CHILD_ASSERT(!strcmp(u.version, p->version), "version %s", u.version);
	CHILD_ASSERT(!strcmp(u.machine, p->machine), "machine %s", u.machine);
	return 0;
}

NSC_RULES(uts_09_other_uname_fields_shared, "UTS-09");
TEST_F(uts, uts_09_other_uname_fields_shared)
{
	ASSERT_CHILD_RUN(CLONE_NEWUTS, compare_other_fields, self);
	EXPECT_TRUE(names_unchanged(&self->parent))
		TH_LOG("the creator's names changed");
}

/* Writing /proc/sys/kernel/hostname needs the global root uid (the sysctl
 * is owned by it), so this claim runs only as real root. */
static int proc_write(int sock, void *arg)
{
	const struct set_arg *a = arg;
	const char *name = a->name;
	struct utsname u;

	CHILD_ASSERT_NEW_UTS(&a->parent);
	CHILD_ASSERT(!nsc_write_file("/proc/sys/kernel/hostname", name), "%m");
	CHILD_ASSERT(!uname(&u), "%m");
	CHILD_ASSERT(!strcmp(u.nodename, name), "uname shows '%s'", u.nodename);
	return 0;
}

NSC_RULES(uts_04_proc_hostname_write_stays_inside, "UTS-04");
NSC_REQUIRES(uts_04_proc_hostname_write_stays_inside, NSC_ROOT);
TEST(uts_04_proc_hostname_write_stays_inside)
{
	struct set_arg a = { 0 };
	struct names before;
	char name[64];

	ASSERT_EQ(0, read_names(&before));
	ASSERT_EQ(0, nsc_ns_stat(0, "uts", &a.parent)) TH_LOG("%m");
	a.name = nsc_uniq(name, sizeof(name), "nsc-proc-");
	ASSERT_CHILD_RUN(CLONE_NEWUTS, proc_write, &a);
	EXPECT_TRUE(names_unchanged(&before));
}

/* Root of a child user ns has every capability, yet not over the UTS ns
 * the initial user ns owns. */
static int rename_foreign_uts(int sock, void *arg)
{
	const struct nsc_nsid *parent_user = arg;
	struct nsc_nsid user;

	CHILD_ASSERT(!nsc_unshare_userns_root(0), "%m");
	/* as real root in the parent's user ns the rename would succeed */
	CHILD_ASSERT(!nsc_ns_stat(0, "user", &user) &&
		     !nsc_nsid_eq(&user, parent_user),
		     "user ns not new (or link unreadable): %m");
	CHILD_ASSERT(nsc_caps_full(), "no full capability set in the new user ns");
	errno = 0;
	CHILD_ASSERT(sethostname("nsc-denied", 10) == -1 && errno == EPERM,
		     "sethostname: errno %d", errno);
	return 0;
}

NSC_RULES(uts_07_userns_root_cannot_rename_host_uts, "UTS-07");
NSC_REQUIRES(uts_07_userns_root_cannot_rename_host_uts, NSC_USERNS);
TEST(uts_07_userns_root_cannot_rename_host_uts)
{
	struct nsc_nsid user;
	struct names before;

	ASSERT_EQ(0, read_names(&before));
	ASSERT_EQ(0, nsc_ns_stat(0, "user", &user)) TH_LOG("%m");
	ASSERT_CHILD_RUN(0, rename_foreign_uts, &user);
	EXPECT_TRUE(names_unchanged(&before));
}

/* As an unprivileged uid: a UTS ns created along with a user ns is ours. */
static int unpriv_rename(int sock, void *arg)
{
	CHILD_ASSERT(!nsc_drop_to_nobody(), "%m");
	CHILD_ASSERT(!unshare(CLONE_NEWUSER | CLONE_NEWUTS), "%m");
	CHILD_ASSERT_NEW_UTS(arg);
	CHILD_ASSERT(!sethostname("nsc-unpriv", 10), "%m");
	return 0;
}

NSC_RULES(uts_08_unprivileged_userns_uts_rename, "UTS-08");
NSC_REQUIRES(uts_08_unprivileged_userns_uts_rename, NSC_USERNS);
TEST(uts_08_unprivileged_userns_uts_rename)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct nsc_nsid uts;
	struct names before;

	ASSERT_EQ(0, read_names(&before));
	ASSERT_EQ(0, nsc_ns_stat(0, "uts", &uts)) TH_LOG("%m");
	ASSERT_CHILD_START(&c, 0, unpriv_rename, &uts);
	ASSERT_CHILD_OK(&c);
	EXPECT_TRUE(names_unchanged(&before));
}

static int hold_userns_uts(int sock, void *arg)
{
	CHILD_ASSERT(!unshare(CLONE_NEWUSER | CLONE_NEWUTS), "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

/*
 * NS_GET_USERNS on the child's UTS ns names its creator's user ns (UTS-10,
 * CORE-34); on the child's user ns it names that ns's parent, ours, the
 * same ns NS_GET_PARENT gives (CORE-34).
 */
NSC_RULES(uts_10_ns_get_userns_names_creator_userns, "UTS-10", "CORE-34");
NSC_REQUIRES(uts_10_ns_get_userns_names_creator_userns, NSC_USERNS);
TEST(uts_10_ns_get_userns_names_creator_userns)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct nsc_nsid owner, child_user, my_user, up, parent;
	int uts_fd, user_fd, cuser_fd, up_fd, parent_fd;

	ASSERT_CHILD_START(&c, 0, hold_userns_uts, NULL);
	ASSERT_EQ('r', nsc_recv_byte(c.sock));
	uts_fd = nsc_ns_open(c.pid, "uts");
	ASSERT_LE(0, uts_fd) TH_LOG("%m");
	user_fd = ioctl(uts_fd, NS_GET_USERNS);
	ASSERT_LE(0, user_fd) TH_LOG("NS_GET_USERNS: %m");
	ASSERT_EQ(0, nsc_ns_fstat(user_fd, &owner));
	ASSERT_EQ(0, nsc_ns_stat(c.pid, "user", &child_user));
	ASSERT_EQ(0, nsc_ns_stat(0, "user", &my_user));
	ASSERT_FALSE(nsc_nsid_eq(&child_user, &my_user))
		TH_LOG("the child's user ns is ours: CLONE_NEWUSER ignored");
	EXPECT_TRUE(nsc_nsid_eq(&owner, &child_user));
	EXPECT_FALSE(nsc_nsid_eq(&owner, &my_user));

	cuser_fd = nsc_ns_open(c.pid, "user");
	ASSERT_LE(0, cuser_fd) TH_LOG("%m");
	up_fd = ioctl(cuser_fd, NS_GET_USERNS);
	ASSERT_LE(0, up_fd) TH_LOG("NS_GET_USERNS on a user ns: %m");
	parent_fd = ioctl(cuser_fd, NS_GET_PARENT);
	ASSERT_LE(0, parent_fd) TH_LOG("NS_GET_PARENT: %m");
	ASSERT_EQ(0, nsc_ns_fstat(up_fd, &up));
	ASSERT_EQ(0, nsc_ns_fstat(parent_fd, &parent));
	EXPECT_TRUE(nsc_nsid_eq(&up, &my_user))
		TH_LOG("NS_GET_USERNS(user ns) is not its parent");
	EXPECT_TRUE(nsc_nsid_eq(&up, &parent));
	close(parent_fd);
	close(up_fd);
	close(cuser_fd);
	close(user_fd);
	close(uts_fd);
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
}

TEST_HARNESS_MAIN
