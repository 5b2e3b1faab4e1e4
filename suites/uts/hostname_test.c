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

FIXTURE(uts) {
	struct names parent;
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

/* covers: UTS-01 */
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
struct set_arg {
	const char *name;
	bool domain;
};

static int set_and_check(int sock, void *arg)
{
	const struct set_arg *a = arg;
	size_t len = strlen(a->name);
	struct names n;

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
	struct set_arg a = { self->name, domain };

	ASSERT_CHILD_START(&self->child, CLONE_NEWUTS, set_and_check, &a);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock))
		TH_LOG("child did not set the %s name", domain ? "domain" : "host");
	EXPECT_TRUE(names_unchanged(&self->parent))
		TH_LOG("the creator's names changed");
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/* covers: UTS-02 */
TEST_F(uts, uts_02_hostname_change_stays_inside)
{
	run_set_test(_metadata, self, false);
}

/* covers: UTS-03 */
TEST_F(uts, uts_03_domainname_change_stays_inside)
{
	run_set_test(_metadata, self, true);
}

/* Child: A sets the name, B (same ns, forked before) reads it. */
static int member_reader(int sock, void *arg)
{
	const char *want = arg;
	char host[HOST_NAME_MAX + 1];

	CHILD_ASSERT(nsc_recv_byte(sock) == 'n', "no go-ahead");
	CHILD_ASSERT(!gethostname(host, sizeof(host)), "%m");
	CHILD_ASSERT(!strcmp(host, want), "member sees '%s'", host);
	return 0;
}

static int two_members(int sock, void *arg)
{
	struct nsc_child b = NSC_CHILD_INIT;
	const char *name = arg;
	int rc;

	CHILD_ASSERT(!nsc_child_start(&b, 0, member_reader, arg), "%m");
	CHILD_ASSERT(!sethostname(name, strlen(name)), "%m");
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
	CHILD_ASSERT(!strcmp(host, (const char *)arg), "joiner sees '%s'", host);
	return 0;
}

/* covers: UTS-05 */
TEST_F(uts, uts_05_change_seen_by_members_and_joiners)
{
	struct nsc_child c = NSC_CHILD_INIT;
	int fd;

	ASSERT_CHILD_START(&self->child, CLONE_NEWUTS, two_members, self->name);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	fd = nsc_ns_open(self->child.pid, "uts");
	ASSERT_LE(0, fd) TH_LOG("open /proc/%d/ns/uts: %m", self->child.pid);
	ASSERT_CHILD_START(&c, 0, joiner, self->name);
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

/* covers: UTS-06 */
TEST_F(uts, uts_06_names_limited_to_64_bytes)
{
	ASSERT_CHILD_RUN(CLONE_NEWUTS, name_lengths, NULL);
	EXPECT_TRUE(names_unchanged(&self->parent));
}

static int compare_other_fields(int sock, void *arg)
{
	const struct utsname *p = arg;
	struct utsname u;

	CHILD_ASSERT(!sethostname("nsc-uts09", 9), "%m");
	CHILD_ASSERT(!uname(&u), "%m");
	CHILD_ASSERT(!strcmp(u.sysname, p->sysname), "sysname %s", u.sysname);
	CHILD_ASSERT(!strcmp(u.release, p->release), "release %s", u.release);
	CHILD_ASSERT(!strcmp(u.version, p->version), "version %s", u.version);
	CHILD_ASSERT(!strcmp(u.machine, p->machine), "machine %s", u.machine);
	return 0;
}

/* covers: UTS-09 */
TEST_F(uts, uts_09_other_uname_fields_shared)
{
	ASSERT_CHILD_RUN(CLONE_NEWUTS, compare_other_fields, &self->parent.u);
}

/* Writing /proc/sys/kernel/hostname needs the global root uid (the sysctl
 * is owned by it), so this claim runs only as real root. */
static int proc_write(int sock, void *arg)
{
	const char *name = arg;
	struct utsname u;

	CHILD_ASSERT(!nsc_write_file("/proc/sys/kernel/hostname", name), "%m");
	CHILD_ASSERT(!uname(&u), "%m");
	CHILD_ASSERT(!strcmp(u.nodename, name), "uname shows '%s'", u.nodename);
	return 0;
}

/* covers: UTS-04 */
TEST(uts_04_proc_hostname_write_stays_inside)
{
	struct names before;
	char name[64];

	NSC_REQUIRE(nsc_need_root());
	ASSERT_EQ(0, read_names(&before));
	nsc_uniq(name, sizeof(name), "nsc-proc-");
	ASSERT_CHILD_RUN(CLONE_NEWUTS, proc_write, name);
	EXPECT_TRUE(names_unchanged(&before));
}

/* Root of a child user ns has every capability, yet not over the UTS ns
 * the initial user ns owns. */
static int rename_foreign_uts(int sock, void *arg)
{
	CHILD_ASSERT(!nsc_unshare_userns_root(0), "%m");
	CHILD_ASSERT(nsc_caps_full(), "no full capability set in the new user ns");
	errno = 0;
	CHILD_ASSERT(sethostname("nsc-denied", 10) == -1 && errno == EPERM,
		     "sethostname: errno %d", errno);
	return 0;
}

/* covers: UTS-07 */
TEST(uts_07_userns_root_cannot_rename_host_uts)
{
	struct names before;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_EQ(0, read_names(&before));
	ASSERT_CHILD_RUN(0, rename_foreign_uts, NULL);
	EXPECT_TRUE(names_unchanged(&before));
}

/* As an unprivileged uid: a UTS ns created along with a user ns is ours. */
static int unpriv_rename(int sock, void *arg)
{
	CHILD_ASSERT(!nsc_drop_to_nobody(), "%m");
	CHILD_ASSERT(!unshare(CLONE_NEWUSER | CLONE_NEWUTS), "%m");
	CHILD_ASSERT(!sethostname("nsc-unpriv", 10), "%m");
	return 0;
}

/* covers: UTS-08 */
TEST(uts_08_unprivileged_userns_uts_rename)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct names before;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_EQ(0, read_names(&before));
	ASSERT_CHILD_START(&c, 0, unpriv_rename, NULL);
	ASSERT_CHILD_OK(&c);
	EXPECT_TRUE(names_unchanged(&before));
}

static int hold_userns_uts(int sock, void *arg)
{
	CHILD_ASSERT(!unshare(CLONE_NEWUSER | CLONE_NEWUTS), "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

/* covers: UTS-10 CORE-34 */
TEST(uts_10_ns_get_userns_names_creator_userns)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct nsc_nsid owner, child_user, my_user;
	int uts_fd, user_fd;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_CHILD_START(&c, 0, hold_userns_uts, NULL);
	ASSERT_EQ('r', nsc_recv_byte(c.sock));
	uts_fd = nsc_ns_open(c.pid, "uts");
	ASSERT_LE(0, uts_fd) TH_LOG("%m");
	user_fd = ioctl(uts_fd, NS_GET_USERNS);
	ASSERT_LE(0, user_fd) TH_LOG("NS_GET_USERNS: %m");
	ASSERT_EQ(0, nsc_ns_fstat(user_fd, &owner));
	ASSERT_EQ(0, nsc_ns_stat(c.pid, "user", &child_user));
	ASSERT_EQ(0, nsc_ns_stat(0, "user", &my_user));
	EXPECT_TRUE(nsc_nsid_eq(&owner, &child_user));
	EXPECT_FALSE(nsc_nsid_eq(&owner, &my_user));
	close(user_fd);
	close(uts_fd);
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
}

TEST_HARNESS_MAIN
