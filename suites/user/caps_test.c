// SPDX-License-Identifier: GPL-2.0
/*
 * User namespaces: capabilities inside and outside, execve, setns,
 * securebits, and privileges no namespace grants.
 * Source: user_namespaces(7) › Capabilities, Effect of capabilities within a
 * user namespace; setns(2); capabilities(7).
 */
#include <limits.h>
#include <pthread.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <time.h>
#include <linux/securebits.h>

#include "nsc_harness.h"
#include "user_util.h"

static unsigned long long full_mask(void)
{
	int last = nsc_cap_last_cap();

	return last >= 63 ? ~0ULL : (1ULL << (last + 1)) - 1;
}

/* ---- USER-20 ---- */

FIXTURE(caps) {
	struct nsc_child child;
};

FIXTURE_VARIANT(caps) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(caps);

FIXTURE_SETUP(caps)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
}

FIXTURE_TEARDOWN(caps)
{
	nsc_child_kill(&self->child);
}

static int full_set_here_none_above(int sock, void *arg)
{
	int last = nsc_cap_last_cap();

	CHILD_ASSERT(last > 0, "cap_last_cap: %m");
	/* libcap's view of the effective set, read without exec */
	CHILD_ASSERT(nsc_caps_full(), "CapEff is not full in the new user ns");
	for (int i = 0; i <= last; i++) {
		CHILD_ASSERT(cap_get_bound(i) == 1, "cap %d not in bounding set", i);
		CHILD_ASSERT(cap_get_ambient(i) == 0, "cap %d ambient", i);
	}
	/* the parent's UTS ns belongs to the parent user ns */
	errno = 0;
	CHILD_ASSERT(sethostname("nsc-user20", 10) == -1 && errno == EPERM,
		     "sethostname in the parent-owned UTS ns: errno %d", errno);
	return 0;
}

/* covers: USER-20 */
TEST_F(caps, user_20_full_caps_inside_none_outside)
{
	struct utsname before, after;

	/* the UTS ns the child probes: ours (owned by the parent user ns),
	 * but a throwaway one, so a kernel that wrongly allows sethostname
	 * still leaves the host's name alone */
	ASSERT_EQ(0, nsc_unshare_checked(CLONE_NEWUTS))
		TH_LOG("a new uts ns of our own: %m");
	ASSERT_EQ(0, uname(&before));
	ASSERT_CHILD_START(&self->child, CLONE_NEWUSER, full_set_here_none_above,
			   NULL);
	ASSERT_NE(nsc_ns_ino(0, "user"), nsc_ns_ino(self->child.pid, "user"));
	ASSERT_CHILD_OK(&self->child);
	ASSERT_EQ(0, uname(&after));
	EXPECT_STREQ(before.nodename, after.nodename);
}

/* ---- USER-28: securebits ---- */

#define SB_SET (SECBIT_NOROOT | SECBIT_NO_SETUID_FIXUP)

static int report_securebits(int sock, void *arg)
{
	int bits = prctl(PR_GET_SECUREBITS);

	return nsc_send_buf(sock, &bits, sizeof(bits)) ? 1 : 0;
}

/* how: 0 unshare, 1 clone a child, 2 setns into the fd it receives */
static int securebits_then_enter(int sock, void *arg)
{
	int how = (int)(long)arg, bits, fd, rc;
	struct nsc_child g = NSC_CHILD_INIT;

	CHILD_ASSERT(!prctl(PR_SET_SECUREBITS, SB_SET), "PR_SET_SECUREBITS: %m");
	CHILD_ASSERT(prctl(PR_GET_SECUREBITS) == SB_SET, "bits not set");
	if (how == 0) {
		CHILD_ASSERT(!unshare(CLONE_NEWUSER), "%m");
		bits = prctl(PR_GET_SECUREBITS);
	} else if (how == 1) {
		CHILD_ASSERT(!nsc_child_start(&g, CLONE_NEWUSER, report_securebits,
					      NULL), "%m");
		CHILD_ASSERT(nsc_recv_buf(g.sock, &bits, sizeof(bits)) ==
			     sizeof(bits), "%m");
		rc = nsc_child_wait(&g);
		CHILD_ASSERT(rc == 0, "grandchild %d", rc);
		/* the creator keeps its own bits */
		CHILD_ASSERT(prctl(PR_GET_SECUREBITS) == SB_SET, "creator lost bits");
	} else {
		fd = nsc_recv_fd(sock);
		CHILD_ASSERT(fd >= 0, "%m");
		CHILD_ASSERT(!setns(fd, CLONE_NEWUSER), "setns: %m");
		bits = prctl(PR_GET_SECUREBITS);
	}
	CHILD_ASSERT(bits == 0, "securebits %#x after entering", bits);
	return 0;
}

/* covers: USER-28 */
TEST_F(caps, user_28_unshare_clears_securebits)
{
	ASSERT_CHILD_START(&self->child, 0, securebits_then_enter, (void *)0L);
	ASSERT_CHILD_OK(&self->child);
}

/* covers: USER-28 */
TEST_F(caps, user_28_clone_clears_securebits)
{
	ASSERT_CHILD_START(&self->child, 0, securebits_then_enter, (void *)1L);
	ASSERT_CHILD_OK(&self->child);
}

/* covers: USER-28 */
TEST_F(caps, user_28_setns_clears_securebits)
{
	struct nsc_child t = NSC_CHILD_INIT;
	int fd;

	ASSERT_PARK(&t, 0);
	fd = nsc_ns_open(t.pid, "user");
	ASSERT_LE(0, fd) TH_LOG("%m");
	ASSERT_CHILD_START(&self->child, 0, securebits_then_enter, (void *)2L);
	ASSERT_EQ(0, nsc_send_fd(self->child.sock, fd));
	close(fd);
	ASSERT_CHILD_OK(&self->child);
	nsc_send_byte(t.sock, 'x');
	ASSERT_CHILD_OK(&t);
}

/* ---- USER-21: execve recomputes capabilities ---- */

struct exec_arg {
	char helper[PATH_MAX];
	bool mapped;
	unsigned int uid;	/* inside id when mapped */
	unsigned long long want;
};

static int exec_and_report(int sock, void *arg)
{
	const struct exec_arg *a = arg;
	struct helper_out o;

	if (a->mapped)
		CHILD_ASSERT(nsc_recv_byte(sock) == 'm', "no maps");
	CHILD_ASSERT(nsc_caps_full(), "no full caps before exec");
	CHILD_ASSERT(!run_helper(a->helper, &o), "running %s: %m", a->helper);
	CHILD_ASSERT(o.eff == a->want, "uid %u (%s): CapEff %llx after exec, want %llx",
		     o.euid, a->mapped ? "mapped" : "unmapped", o.eff, a->want);
	return 0;
}

/* covers: USER-21 */
TEST(user_21_execve_recomputes_caps)
{
	struct nsc_child c = NSC_CHILD_INIT;
	static struct exec_arg a;
	const struct { bool mapped; unsigned int uid; bool keeps; } cases[] = {
		{ false, 0, false }, { true, 5, false }, { true, 0, true },
	};
	char m[32];

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_EQ(0, nsc_helper_path("caps_helper", a.helper, sizeof(a.helper)))
		TH_LOG("caps_helper next to the test: %m");
	ASSERT_DROP_PRIVS();
	if (access(a.helper, X_OK))
		SKIP(return, "%s is not executable by uid %d (build tree "
		     "permissions): %m", a.helper, (int)geteuid());
	for (size_t i = 0; i < NSC_ARRAY_SIZE(cases); i++) {
		a.mapped = cases[i].mapped;
		a.want = cases[i].keeps ? full_mask() : 0;
		ASSERT_CHILD_START(&c, CLONE_NEWUSER, exec_and_report, &a);
		if (a.mapped) {
			snprintf(m, sizeof(m), "%u %u 1\n", cases[i].uid, geteuid());
			ASSERT_EQ(0, user_write_errno(c.pid, "uid_map", m)) TH_LOG("%m");
			ASSERT_EQ(0, nsc_send_byte(c.sock, 'm'));
		}
		ASSERT_CHILD_OK(&c);
	}
}

/* ---- USER-22, USER-23: setns ---- */

static int join_owned(int sock, void *arg)
{
	int fd = nsc_recv_fd(sock);

	CHILD_ASSERT(fd >= 0, "%m");
	CHILD_ASSERT(!nsc_cap_effective(CAP_SYS_ADMIN), "privileged before setns");
	CHILD_ASSERT(!setns(fd, CLONE_NEWUSER), "setns into our child: %m");
	CHILD_ASSERT(nsc_caps_full(), "no full caps after setns");
	return 0;
}

/* covers: USER-22 */
TEST(user_22_owner_can_setns_with_full_caps)
{
	struct nsc_child t = NSC_CHILD_INIT, j = NSC_CHILD_INIT;
	struct nsc_nsid mine, parent;
	uid_t owner = (uid_t)-1;
	int fd, pfd;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_DROP_PRIVS();
	ASSERT_PARK(&t, 0);
	fd = nsc_ns_open(t.pid, "user");
	ASSERT_LE(0, fd) TH_LOG("%m");
	/* the relationship the kernel records: we own it, we are its parent */
	ASSERT_EQ(0, ioctl(fd, NS_GET_OWNER_UID, &owner)) TH_LOG("%m");
	EXPECT_EQ(geteuid(), owner);
	pfd = ioctl(fd, NS_GET_PARENT);
	ASSERT_LE(0, pfd) TH_LOG("NS_GET_PARENT: %m");
	ASSERT_EQ(0, nsc_ns_fstat(pfd, &parent));
	ASSERT_EQ(0, nsc_ns_stat(0, "user", &mine));
	EXPECT_TRUE(nsc_nsid_eq(&mine, &parent));
	close(pfd);
	ASSERT_CHILD_START(&j, 0, join_owned, NULL);
	ASSERT_EQ(0, nsc_send_fd(j.sock, fd));
	close(fd);
	ASSERT_CHILD_OK(&j);
	nsc_send_byte(t.sock, 'x');
	ASSERT_CHILD_OK(&t);
}

/* covers: USER-23 */
TEST(user_23_setns_own_userns_einval)
{
	int fd = open("/proc/self/ns/user", O_RDONLY | O_CLOEXEC);
	ino_t before = nsc_ns_ino(0, "user");

	ASSERT_LE(0, fd) TH_LOG("%m");
	errno = 0;
	EXPECT_EQ(-1, setns(fd, CLONE_NEWUSER));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(before, nsc_ns_ino(0, "user"));
	close(fd);
}

static int setns_ancestor(int sock, void *arg)
{
	int fd = open("/proc/self/ns/user", O_RDONLY | O_CLOEXEC);
	ino_t inside;

	CHILD_ASSERT(fd >= 0, "%m");
	CHILD_ASSERT(!nsc_unshare_userns_root(0), "%m");
	inside = nsc_ns_ino(0, "user");
	CHILD_ASSERT(nsc_caps_full(), "no full caps");
	errno = 0;
	CHILD_ASSERT(setns(fd, CLONE_NEWUSER) == -1 && errno == EPERM,
		     "setns into the parent user ns: errno %d", errno);
	CHILD_ASSERT(nsc_ns_ino(0, "user") == inside, "user ns changed");
	return 0;
}

/* covers: USER-23 */
TEST(user_23_setns_ancestor_userns_eperm)
{

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_DROP_PRIVS();
	ASSERT_CHILD_RUN(0, setns_ancestor, NULL);
}

static void *block_on_pipe(void *arg)
{
	char b;

	if (read(*(int *)arg, &b, 1) < 0)
		return NULL;
	return NULL;
}

static int setns_threaded(int sock, void *arg)
{
	int fd = nsc_recv_fd(sock), p[2];
	pthread_t th;

	CHILD_ASSERT(fd >= 0, "%m");
	CHILD_ASSERT(!pipe(p), "%m");
	CHILD_ASSERT(!pthread_create(&th, NULL, block_on_pipe, &p[0]), "%m");
	errno = 0;
	CHILD_ASSERT(setns(fd, CLONE_NEWUSER) == -1 && errno == EINVAL,
		     "setns with two threads: errno %d", errno);
	/* once single-threaded again, the same fd works */
	CHILD_ASSERT(write(p[1], "x", 1) == 1, "%m");
	CHILD_ASSERT(!pthread_join(th, NULL), "join");
	CHILD_ASSERT(!nsc_wait_single_threaded(2000), "the joined thread lingers");
	CHILD_ASSERT(!setns(fd, CLONE_NEWUSER), "setns single-threaded: %m");
	return 0;
}

static int setns_shared_fs(int sock, void *arg)
{
	int fd = nsc_recv_fd(sock);

	CHILD_ASSERT(fd >= 0, "%m");
	errno = 0;
	CHILD_ASSERT(setns(fd, CLONE_NEWUSER) == -1 && errno == EINVAL,
		     "setns sharing CLONE_FS: errno %d", errno);
	CHILD_ASSERT(!unshare(CLONE_FS), "%m");
	CHILD_ASSERT(!setns(fd, CLONE_NEWUSER), "setns after unshare(CLONE_FS): %m");
	return 0;
}

static void setns_restricted(struct __test_metadata *_metadata,
			     uint64_t flags, nsc_child_fn fn)
{
	struct nsc_child t = NSC_CHILD_INIT, j = NSC_CHILD_INIT;
	int fd;

	ASSERT_PARK(&t, 0);
	fd = nsc_ns_open(t.pid, "user");
	ASSERT_LE(0, fd) TH_LOG("%m");
	ASSERT_CHILD_START(&j, flags, fn, NULL);
	ASSERT_EQ(0, nsc_send_fd(j.sock, fd));
	close(fd);
	ASSERT_CHILD_OK(&j);
	nsc_send_byte(t.sock, 'x');
	ASSERT_CHILD_OK(&t);
}

/* covers: USER-23 */
TEST(user_23_setns_multithreaded_einval)
{
	NSC_REQUIRE(nsc_need_userns());
	ASSERT_DROP_PRIVS();
	setns_restricted(_metadata, 0, setns_threaded);
}

/* covers: USER-23 */
TEST(user_23_setns_sharing_fs_einval)
{
	NSC_REQUIRE(nsc_need_userns());
	ASSERT_DROP_PRIVS();
	setns_restricted(_metadata, CLONE_FS, setns_shared_fs);
}

/* ---- USER-29: privileges that belong to no namespace ---- */

/* A block filesystem the kernel knows (no "nodev" flag), or NULL. */
static const char *block_fs(char *buf, size_t len)
{
	char all[4096], *save = NULL, *line;

	if (nsc_read_file("/proc/filesystems", all, sizeof(all)) < 0)
		return NULL;
	for (line = strtok_r(all, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "nodev", 5))
			continue;
		snprintf(buf, len, "%s", line + strspn(line, " \t"));
		return buf;
	}
	return NULL;
}

struct global_arg {
	const char *fstype;	/* a block filesystem, or NULL */
	bool modules;		/* the kernel loads modules (/proc/modules) */
};

static int global_privs_denied(int sock, void *arg)
{
	const struct global_arg *a = arg;
	const char *fstype = a->fstype;
	struct timespec now;
	struct stat st;

	CHILD_ASSERT(!nsc_unshare_userns_root(CLONE_NEWNS), "%m");
	CHILD_ASSERT(nsc_caps_full(), "no full caps in the user ns");
	CHILD_ASSERT(!mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), "%m");
	CHILD_ASSERT(!mount("nsc", "/tmp", "tmpfs", 0, "mode=0755"),
		     "tmpfs in the user ns: %m");
	errno = 0;
	CHILD_ASSERT(mknod("/tmp/null", S_IFCHR | 0666, makedev(1, 3)) == -1 &&
		     errno == EPERM, "mknod(c 1 3): errno %d", errno);
	CHILD_ASSERT(stat("/tmp/null", &st) == -1 && errno == ENOENT,
		     "device node exists");
	CHILD_ASSERT(!clock_gettime(CLOCK_REALTIME, &now), "%m");
	errno = 0;
	CHILD_ASSERT(clock_settime(CLOCK_REALTIME, &now) == -1 && errno == EPERM,
		     "clock_settime: errno %d", errno);
	if (a->modules) {
		errno = 0;
		CHILD_ASSERT(syscall(SYS_init_module, NULL, 0UL, "") == -1 &&
			     errno == EPERM, "init_module: errno %d", errno);
	}
	if (fstype) {
		errno = 0;
		CHILD_ASSERT(mount("/dev/nsc-none", "/tmp", fstype, 0, NULL) == -1 &&
			     errno == EPERM, "mount -t %s: errno %d", fstype, errno);
	}
	return 0;
}

/* covers: USER-29 */
TEST(user_29_non_namespaced_privileges_denied)
{
	char fs[64];
	struct global_arg a = {
		block_fs(fs, sizeof(fs)),
		/* without CONFIG_MODULES init_module() is ENOSYS for everyone */
		access("/proc/modules", F_OK) == 0,
	};

	NSC_REQUIRE(nsc_need_userns());
	if (!a.fstype)
		TH_LOG("no block filesystem in /proc/filesystems: mount case not run");
	if (!a.modules)
		TH_LOG("kernel without CONFIG_MODULES (no /proc/modules): "
		       "module case not run");
	ASSERT_CHILD_RUN(0, global_privs_denied, &a);
}

TEST_HARNESS_MAIN
