// SPDX-License-Identifier: GPL-2.0
/*
 * User namespaces and files: capability bypasses that need mapped ids,
 * set-user-ID programs, namespaced file capabilities (v3 xattrs).
 * Source: user_namespaces(7) › Operation of file-related capabilities,
 * Set-user-ID and set-group-ID programs; capabilities(7) › Namespaced file
 * capabilities, File capability extended attribute versioning.
 */
#include <limits.h>
#include <sys/mount.h>
#include <sys/sendfile.h>
#include <sys/xattr.h>

#include "nsc_harness.h"
#include "user_util.h"

/* The outer ids a root run maps: 0 -> U and 1 -> V (gids G, W). */
#define U USER_UNPRIV_ID
#define V (USER_UNPRIV_ID + 1)
#define G USER_UNPRIV_ID
#define W (USER_UNPRIV_ID + 1)

/* security.capability layout (not taken from linux/capability.h, whose
 * definitions clash with libcap's header) */
#define FCAP_REV2 0x02000000U
#define FCAP_REV3 0x03000000U
#define FCAP_REV_MASK 0xFF000000U
#define FCAP_EFFECTIVE 0x000001U
#define FCAP_SZ2 20
#define FCAP_SZ3 24
struct fcap {
	uint32_t magic_etc;
	uint32_t perm_lo, inh_lo, perm_hi, inh_hi;
	uint32_t rootid;	/* v3 only */
};

/* Copies file src_fd to path with owner and mode. */
static int copy_to(int src_fd, const char *path, uid_t uid, gid_t gid,
		   mode_t mode)
{
	struct stat st;
	off_t off = 0;
	int fd;

	if (fstat(src_fd, &st))
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700);
	if (fd < 0)
		return -1;
	while (off < st.st_size)
		if (sendfile(fd, src_fd, &off, st.st_size - off) <= 0)
			break;
	close(fd);
	if (off != st.st_size) {
		errno = EIO;
		return -1;
	}
	/* chown first: it would clear the set-id bits */
	if (chown(path, uid, gid) || chmod(path, mode))
		return -1;
	return 0;
}

static int make_file(const char *path, uid_t uid, gid_t gid, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);

	if (fd < 0)
		return -1;
	if (write(fd, "nsc\n", 4) != 4 || fchown(fd, uid, gid) ||
	    fchmod(fd, mode)) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/* Child: drops to U, makes a user ns, waits for the parent's maps
 * (0 -> U, 1 -> V), then runs fn. */
static int in_mapped_userns(int sock, void *arg)
{
	int (*fn)(void) = arg;

	CHILD_ASSERT(!user_drop_privs(), "%m");
	CHILD_ASSERT(!unshare(CLONE_NEWUSER), "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'u'), "%m");
	CHILD_ASSERT(nsc_recv_byte(sock) == 'm', "no maps");
	CHILD_ASSERT(getuid() == 0, "uid %d", getuid());
	CHILD_ASSERT(nsc_caps_full(), "no full caps in the user ns");
	return fn();
}

static void run_two_id_ns(struct __test_metadata *_metadata, int (*fn)(void))
{
	struct nsc_child c = NSC_CHILD_INIT;
	char m[64];

	ASSERT_CHILD_START(&c, 0, in_mapped_userns, fn);
	ASSERT_EQ('u', nsc_recv_byte(c.sock));
	ASSERT_NE(nsc_ns_ino(0, "user"), nsc_ns_ino(c.pid, "user"));
	snprintf(m, sizeof(m), "0 %u 1\n1 %u 1\n", U, V);
	ASSERT_EQ(0, user_write_errno(c.pid, "uid_map", m)) TH_LOG("%m");
	snprintf(m, sizeof(m), "0 %u 1\n1 %u 1\n", G, W);
	ASSERT_EQ(0, user_write_errno(c.pid, "gid_map", m)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'm'));
	ASSERT_CHILD_OK(&c);
}

/* ---- USER-30 ---- */

static int bypass_needs_mapping(void)
{
	struct stat st;
	int fd;

	/* root:root 0600: neither id mapped, CAP_DAC_OVERRIDE does not apply */
	errno = 0;
	fd = open("/tmp/root600", O_RDONLY);
	CHILD_ASSERT(fd == -1 && errno == EACCES, "open root600: errno %d", errno);
	/* V:W 0600: both mapped (1:1), CAP_DAC_OVERRIDE applies */
	fd = open("/tmp/vw600", O_RDONLY);
	CHILD_ASSERT(fd >= 0, "open vw600: %m");
	close(fd);
	/* CAP_FOWNER: V:root, only the uid mapped, is enough */
	CHILD_ASSERT(!chmod("/tmp/vroot600", 0640), "chmod vroot600: %m");
	CHILD_ASSERT(!stat("/tmp/vroot600", &st) && (st.st_mode & 07777) == 0640,
		     "mode %o", st.st_mode);
	errno = 0;
	CHILD_ASSERT(chmod("/tmp/root600", 0640) == -1 && errno == EPERM,
		     "chmod root600: errno %d", errno);
	return 0;
}

/* covers: USER-30 */
TEST(user_30_file_cap_bypass_needs_mapped_ids)
{
	struct stat st;

	NSC_REQUIRE(nsc_need_root());
	ASSERT_EQ(0, nsc_sandbox_tmpfs("/tmp")) TH_LOG("%m");
	ASSERT_EQ(0, make_file("/tmp/root600", 0, 0, 0600)) TH_LOG("%m");
	ASSERT_EQ(0, make_file("/tmp/vw600", V, W, 0600)) TH_LOG("%m");
	ASSERT_EQ(0, make_file("/tmp/vroot600", V, 0, 0600)) TH_LOG("%m");
	run_two_id_ns(_metadata, bypass_needs_mapping);
	ASSERT_EQ(0, stat("/tmp/root600", &st));
	EXPECT_EQ(0600, st.st_mode & 07777);
}

/* ---- USER-32 ---- */

static int suid_runs(void)
{
	struct helper_out o;

	CHILD_ASSERT(!run_helper("/tmp/suid-unmapped", &o), "%m");
	CHILD_ASSERT(o.euid == 0 && o.egid == 0,
		     "set-id program of unmapped 2000:2000 ran as %u:%u", o.euid,
		     o.egid);
	CHILD_ASSERT(!run_helper("/tmp/suid-mapped", &o), "%m");
	CHILD_ASSERT(o.euid == 1 && o.egid == 1,
		     "set-id program of mapped V:W ran as %u:%u", o.euid, o.egid);
	return 0;
}

/* caps_helper, opened, with /tmp made a private tmpfs to copy it into */
static int open_helper_in_sandbox(struct __test_metadata *_metadata)
{
	char helper[PATH_MAX];
	int fd;

	ASSERT_EQ(0, nsc_helper_path("caps_helper", helper, sizeof(helper)))
		TH_LOG("caps_helper next to the test: %m");
	fd = open(helper, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd) TH_LOG("%s: %m", helper);
	ASSERT_EQ(0, nsc_sandbox_tmpfs("/tmp")) TH_LOG("%m");
	return fd;
}

/* covers: USER-32 */
TEST(user_32_setuid_of_unmapped_owner_ignored)
{
	int fd;

	NSC_REQUIRE(nsc_need_root());
	fd = open_helper_in_sandbox(_metadata);
	ASSERT_EQ(0, copy_to(fd, "/tmp/suid-unmapped", 2000, 2000, 06755))
		TH_LOG("%m");
	ASSERT_EQ(0, copy_to(fd, "/tmp/suid-mapped", V, W, 06755)) TH_LOG("%m");
	close(fd);
	run_two_id_ns(_metadata, suid_runs);
}

/* ---- USER-34: namespaced file capabilities ---- */

#define NSC_CAP_NET_RAW 13

static int set_v2_fcap(const char *path, int fd)
{
	struct fcap c = { FCAP_REV2 | FCAP_EFFECTIVE, 1U << NSC_CAP_NET_RAW, 0,
			  0, 0, 0 };

	if (path)
		return setxattr(path, "security.capability", &c, FCAP_SZ2, 0);
	return fsetxattr(fd, "security.capability", &c, FCAP_SZ2, 0);
}

/*
 * The file lives on a tmpfs that real root mounted, owned by the initial
 * user ns: root of a child user ns (0 -> U) does not hold CAP_SETFCAP over
 * it, so the kernel turns the v2 entry it writes into a v3 one recording
 * U as the root id. (On a filesystem the writer's own ns owns, the v2
 * entry is stored as it is, and only presented as v3 outside.)
 */
static int store_fcap(int sock, void *arg)
{
	struct fcap c;
	ssize_t n;
	int fd;

	CHILD_ASSERT(!user_drop_privs(), "%m");
	CHILD_ASSERT(!nsc_unshare_userns_root(0), "%m");
	fd = open("/tmp/fcap", O_RDWR | O_CLOEXEC);
	CHILD_ASSERT(fd >= 0, "%m");
	if (set_v2_fcap(NULL, fd)) {
		if (errno == EOPNOTSUPP)
			CHILD_SKIP("tmpfs has no security xattrs "
				   "(CONFIG_TMPFS_XATTR off: EOPNOTSUPP)");
		CHILD_ASSERT(0, "setxattr security.capability: %m");
	}
	/* inside, the ns root reads it back as a plain v2 entry */
	memset(&c, 0, sizeof(c));
	n = fgetxattr(fd, "security.capability", &c, sizeof(c));
	CHILD_ASSERT(n == FCAP_SZ2 && (c.magic_etc & FCAP_REV_MASK) == FCAP_REV2,
		     "inside: %zd bytes, magic %#x", n, c.magic_etc);
	CHILD_ASSERT(!nsc_send_fd(sock, fd), "%m");
	close(fd);
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

/*
 * Read as root of the initial user ns, which owns the filesystem, the
 * entry is shown as stored: a v2 entry would read as v2 here (its root is
 * the fs owner's 0), so v3 with root id U is what was stored.
 */
/* covers: USER-34 */
TEST(user_34_fcap_set_in_userns_stored_as_v3_with_rootid)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct fcap cap;
	ssize_t n;
	int fd;

	NSC_REQUIRE(nsc_need_root());
	NSC_REQUIRE(nsc_need_userns());
	ASSERT_EQ(0, nsc_sandbox_tmpfs("/tmp")) TH_LOG("tmpfs on /tmp: %m");
	fd = open("/tmp/fcap", O_RDWR | O_CREAT | O_CLOEXEC, 0755);
	ASSERT_LE(0, fd) TH_LOG("%m");
	ASSERT_EQ(0, fchown(fd, U, G)) TH_LOG("%m");
	close(fd);
	ASSERT_CHILD_START(&c, 0, store_fcap, NULL);
	fd = nsc_recv_fd(c.sock);
	if (fd < 0)
		ASSERT_CHILD_OK(&c);	/* its SKIP or FAIL */
	ASSERT_LE(0, fd);
	memset(&cap, 0, sizeof(cap));
	n = fgetxattr(fd, "security.capability", &cap, sizeof(cap));
	ASSERT_EQ(FCAP_SZ3, n) TH_LOG("getxattr from outside: %m");
	EXPECT_EQ(FCAP_REV3, cap.magic_etc & FCAP_REV_MASK);
	EXPECT_EQ(FCAP_EFFECTIVE, cap.magic_etc & FCAP_EFFECTIVE);
	EXPECT_EQ(1U << NSC_CAP_NET_RAW, cap.perm_lo);
	EXPECT_EQ(U, cap.rootid);
	close(fd);
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
}

/* C, a user ns inside A (uid 5 there is A's root): runs the program. */
static int expect_eff(unsigned long long want)
{
	struct helper_out o;

	CHILD_ASSERT(getuid() == 5, "uid %d", getuid());
	CHILD_ASSERT(!run_helper("/tmp/fcap", &o), "%m");
	CHILD_ASSERT(o.euid == 5, "euid %u", o.euid);
	CHILD_ASSERT(o.eff == want, "uid 5: CapEff %llx after exec, want %llx",
		     o.eff, want);
	return 0;
}

static int run_expect_netraw(int sock, void *arg)
{
	CHILD_ASSERT(nsc_recv_byte(sock) == 'm', "no maps");
	return expect_eff(1ULL << NSC_CAP_NET_RAW);
}

/* A: root of its ns (0 -> U) sets the capability, then has a descendant
 * ns run the program. */
static int fcap_owner(int sock, void *arg)
{
	struct nsc_child c = NSC_CHILD_INIT;
	int rc;

	CHILD_ASSERT(!user_drop_privs(), "%m");
	CHILD_ASSERT(!nsc_unshare_userns_root(0), "%m");
	if (set_v2_fcap("/tmp/fcap", -1)) {
		if (errno == EOPNOTSUPP)
			CHILD_SKIP("tmpfs has no security xattrs "
				   "(CONFIG_TMPFS_XATTR off: EOPNOTSUPP)");
		CHILD_ASSERT(0, "setxattr: %m");
	}
	CHILD_ASSERT(!nsc_child_start(&c, CLONE_NEWUSER, run_expect_netraw, NULL),
		     "%m");
	CHILD_ASSERT(!nsc_write_maps(c.pid, "5 0 1\n", "5 0 1\n", true), "%m");
	CHILD_ASSERT(!nsc_send_byte(c.sock, 'm'), "%m");
	rc = nsc_child_wait(&c);
	CHILD_ASSERT(rc == 0, "descendant ns run failed (%d)", rc);
	return 0;
}

/* S: a sibling ns where U is uid 5, not root: the capability is ignored. */
static int fcap_stranger(int sock, void *arg)
{
	char m[32];

	CHILD_ASSERT(!user_drop_privs(), "%m");
	CHILD_ASSERT(!unshare(CLONE_NEWUSER), "%m");
	snprintf(m, sizeof(m), "5 %u 1\n", U);
	CHILD_ASSERT(!user_write_pid(0, "uid_map", m), "%m");
	CHILD_ASSERT(!user_write_pid(0, "setgroups", "deny"), "%m");
	snprintf(m, sizeof(m), "5 %u 1\n", G);
	CHILD_ASSERT(!user_write_pid(0, "gid_map", m), "%m");
	return expect_eff(0);
}

/* covers: USER-34 */
TEST(user_34_fcap_applies_only_below_its_root)
{
	struct nsc_child a = NSC_CHILD_INIT, s = NSC_CHILD_INIT;
	int fd;

	NSC_REQUIRE(nsc_need_root());
	fd = open_helper_in_sandbox(_metadata);
	ASSERT_EQ(0, copy_to(fd, "/tmp/fcap", U, G, 0755)) TH_LOG("%m");
	close(fd);
	ASSERT_CHILD_START(&a, 0, fcap_owner, NULL);
	ASSERT_CHILD_OK(&a);
	ASSERT_CHILD_START(&s, 0, fcap_stranger, NULL);
	ASSERT_CHILD_OK(&s);
}

TEST_HARNESS_MAIN
