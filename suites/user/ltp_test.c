// SPDX-License-Identifier: GPL-2.0
/*
 * User namespaces: the claims of LTP's userns08, fanotify17 and getxattr05
 * and of the kernel's rlimits-per-userns selftest -- nested maps with more
 * than five extents, per-user-ns RLIMIT_NPROC and fanotify counts, and
 * POSIX ACL xattrs translated at the user-ns boundary.
 * Source: LTP userns08 (CVE-2018-18955, commit d2f007dbe7e4), fanotify17,
 * getxattr05 (commit 82c9a927bc5d); kernel selftest rlimits-per-userns
 * (commit 21d1c5e386bc, "Reimplement RLIMIT_NPROC on top of ucounts",
 * 5.14); fs/posix_acl.c, kernel/ucount.c.
 */
#include <sys/fanotify.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <sys/xattr.h>

#include "nsc_harness.h"
#include "user_util.h"

/* Ids no distribution hands out, for processes and files of this file. */
#define LTP_BASE_ID 3900000000U
#define NPROC_ID 3900002000U

/* Start a child with its own memory (it changes ids) and take its verdict. */
#define ASSERT_OWN_CHILD(c, flags, fn, arg) do { \
	ASSERT_CHILD_START((c), (flags), (fn), (arg)); \
	ASSERT_CHILD_OK(c); \
} while (0)

/* ---- USER-35: CVE-2018-18955 ------------------------------------- */

/* Six extents: more than the five kept inline, so the kernel sorts the
 * map and looks ids up by bsearch -- the path the CVE broke. */
#define MAP6 "0 0 1\n1 1 1\n2 2 1\n3 3 1\n4 4 1\n5 5 990\n"

static int level2(int sock, void *arg)
{
	int fd;

	CHILD_ASSERT(nsc_recv_byte(sock) == 'x', "no map");
	CHILD_ASSERT(geteuid() == 0, "euid %d after the map", geteuid());
	errno = 0;
	fd = open("/tmp/restricted", O_WRONLY);
	CHILD_ASSERT(fd < 0 && errno == EACCES,
		     "open of host root's 0700 file: fd %d, %m (want EACCES)",
		     fd);
	fd = open("/tmp/u/by-level2", O_WRONLY | O_CREAT | O_EXCL, 0600);
	CHILD_ASSERT(fd >= 0, "create in a dir of uid %u: %m", LTP_BASE_ID);
	close(fd);
	CHILD_ASSERT(!nsc_send_byte(sock, 'v'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

static int level1(int sock, void *arg)
{
	struct nsc_child l2 = NSC_CHILD_INIT;
	int rc;

	CHILD_ASSERT(nsc_recv_byte(sock) == 'x', "no map");
	/* become the ns's root (host uid LTP_BASE_ID), keeping /proc/self
	 * ours and the parent-death signal */
	CHILD_ASSERT(!setresgid(0, 0, 0) && !setresuid(0, 0, 0), "%m");
	CHILD_ASSERT(!prctl(PR_SET_DUMPABLE, 1), "%m");
	CHILD_ASSERT(!prctl(PR_SET_PDEATHSIG, SIGKILL), "%m");
	CHILD_ASSERT(!nsc_child_start(&l2, CLONE_NEWUSER, level2, NULL),
		     "clone level 2: %m");
	CHILD_ASSERT(nsc_ns_ino(l2.pid, "user") != nsc_ns_ino(0, "user"),
		     "level 2 shares level 1's user ns");
	CHILD_ASSERT(!nsc_write_maps(l2.pid, MAP6, MAP6, false),
		     "writing the 6-extent maps: %m");
	CHILD_ASSERT(!nsc_send_byte(l2.sock, 'x'), "%m");
	CHILD_ASSERT(nsc_recv_byte(l2.sock) == 'v', "level 2 failed");
	CHILD_ASSERT(!nsc_send_buf(sock, &l2.pid, sizeof(l2.pid)), "%m");
	CHILD_ASSERT(nsc_recv_byte(sock) == 'x', "no go-ahead");
	CHILD_ASSERT(!nsc_send_byte(l2.sock, 'x'), "%m");
	rc = nsc_child_wait(&l2);
	CHILD_ASSERT(rc == 0, "level 2 exit %d", rc);
	return 0;
}

NSC_RULES(user_35_nested_map_over_five_extents_stays_in_parent_range,
	  "USER-35");
NSC_REQUIRES(user_35_nested_map_over_five_extents_stays_in_parent_range,
	     NSC_ROOT, NSC_USERNS);
TEST(user_35_nested_map_over_five_extents_stays_in_parent_range)
{
	struct nsc_child l1 = NSC_CHILD_INIT;
	char map[64], path[64], line[128];
	unsigned int a, b, n;
	struct stat st;
	pid_t l2;
	long uids[4];

	ASSERT_EQ(0, nsc_sandbox_tmpfs("/tmp")) TH_LOG("%m");
	ASSERT_EQ(0, nsc_put_file("/tmp/restricted", "x\n"));
	ASSERT_EQ(0, chmod("/tmp/restricted", 0700));
	ASSERT_EQ(0, mkdir("/tmp/u", 0755));
	ASSERT_EQ(0, chown("/tmp/u", LTP_BASE_ID, LTP_BASE_ID));

	ASSERT_CHILD_START(&l1, CLONE_NEWUSER, level1, NULL);
	ASSERT_NE(nsc_ns_ino(0, "user"), nsc_ns_ino(l1.pid, "user"));
	snprintf(map, sizeof(map), "0 %u 1000\n", LTP_BASE_ID);
	ASSERT_EQ(0, nsc_write_maps(l1.pid, map, map, false)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(l1.sock, 'x'));
	ASSERT_EQ(sizeof(l2), nsc_recv_buf(l1.sock, &l2, sizeof(l2)))
		TH_LOG("level 1 or 2 failed (see above)");

	/* the host's views of level 2: ids inside level 1's range */
	ASSERT_EQ(0, nsc_proc_path(path, sizeof(path), l2, "status") ? 0 : -1);
	ASSERT_EQ(4, nsc_key_vals(path, "Uid", uids, 4)) TH_LOG("%s: %m", path);
	EXPECT_EQ(LTP_BASE_ID, (unsigned long)uids[1])
		TH_LOG("level 2's root runs as host uid %ld", uids[1]);
	ASSERT_EQ(4, nsc_key_vals(path, "Gid", uids, 4)) TH_LOG("%s: %m", path);
	EXPECT_EQ(LTP_BASE_ID, (unsigned long)uids[1])
		TH_LOG("level 2's root group is host gid %ld", uids[1]);
	ASSERT_EQ(0, stat("/tmp/u/by-level2", &st));
	EXPECT_EQ(LTP_BASE_ID, st.st_uid);
	EXPECT_EQ(LTP_BASE_ID, st.st_gid);
	ASSERT_EQ(0, nsc_read_line(nsc_proc_path(path, sizeof(path), l2,
						 "uid_map"), line, sizeof(line)));
	ASSERT_EQ(3, sscanf(line, "%u %u %u", &a, &b, &n)) TH_LOG("%s", line);
	EXPECT_TRUE(a == 0 && b == LTP_BASE_ID && n == 1) TH_LOG("%s", line);

	ASSERT_EQ(0, nsc_send_byte(l1.sock, 'x'));
	ASSERT_CHILD_OK(&l1);
}

/* ---- USER-36: RLIMIT_NPROC per user ns ---------------------------- */

static int nproc_holder(int sock, void *arg)
{
	CHILD_ASSERT(!nsc_drop_to(NPROC_ID, NPROC_ID), "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

/* fork() a child that waits for EOF on p[0]; the pid or -1 (errno). */
static pid_t fork_waiter(int p[2])
{
	pid_t pid = fork();
	char c;

	if (pid == 0) {
		close(p[1]);
		_exit(read(p[0], &c, 1) < 0);
	}
	return pid;
}

/* Worker start: a pipe for fork_waiter, room to move the soft limit
 * under the hard one, then uid NPROC_ID. 0, or -1 logged. */
static int nproc_worker_begin(int p[2], struct rlimit *r)
{
	if (pipe(p) || getrlimit(RLIMIT_NPROC, r) || r->rlim_max < 100 ||
	    nsc_drop_to(NPROC_ID, NPROC_ID)) {
		nsc_child_log(__FILE__, __LINE__, "worker setup (hard "
			      "RLIMIT_NPROC %llu): %m",
			      (unsigned long long)r->rlim_max);
		return -1;
	}
	return 0;
}

/* Soft limit `at` while unsharing a user ns (the ns records it), then
 * `inside` in the new ns. 0, or -1 logged. */
static int nproc_unshare(struct rlimit *r, rlim_t at, rlim_t inside)
{
	ino_t before = nsc_ns_ino(0, "user");

	r->rlim_cur = at;
	if (!before || setrlimit(RLIMIT_NPROC, r) || unshare(CLONE_NEWUSER))
		goto fail;
	if (nsc_ns_ino(0, "user") == before) {
		errno = EEXIST;
		goto fail;
	}
	r->rlim_cur = inside;
	if (!setrlimit(RLIMIT_NPROC, r))
		return 0;
fail:
	nsc_child_log(__FILE__, __LINE__, "unshare with RLIMIT_NPROC %llu "
		      "(EEXIST: no new user ns): %m", (unsigned long long)at);
	return -1;
}

static int nproc_worker(int sock, void *arg)
{
	bool per_ns = *(bool *)arg;
	struct rlimit r;
	pid_t k1, k2;
	int p[2];

	CHILD_ASSERT(!nproc_worker_begin(p, &r), "see above");
	r.rlim_cur = 2;	/* the hard limit stays: we cannot raise it */
	/* three processes of this uid (two holders and us) over a limit
	 * of two: no fork here */
	CHILD_ASSERT(!setrlimit(RLIMIT_NPROC, &r), "%m");
	k1 = fork_waiter(p);
	CHILD_ASSERT(k1 < 0 && errno == EAGAIN,
		     "fork with 3 processes over RLIMIT_NPROC 2: %d %m", k1);
	/* the ns records the limit its creator had: make it roomy */
	CHILD_ASSERT(!nproc_unshare(&r, 100, 2), "see above");
	k1 = fork_waiter(p);
	if (!per_ns) {
		/* before 5.14 the count was per uid, across namespaces */
		CHILD_ASSERT(k1 < 0 && errno == EAGAIN,
			     "fork in the ns (kernel < 5.14): %d %m", k1);
		return 0;
	}
	/* here only our own processes count: us, then k1 */
	CHILD_ASSERT(k1 > 0, "first fork in the new user ns: %m");
	k2 = fork_waiter(p);
	CHILD_ASSERT(k2 < 0 && errno == EAGAIN,
		     "second fork in the ns over its limit 2: %d %m", k2);
	close(p[1]);
	CHILD_ASSERT(waitpid(k1, NULL, 0) == k1, "%m");
	return 0;
}

/* The ancestor's limit: a ns made while our soft limit was 3 keeps that
 * limit for our uid's count in the parent ns, whatever we set inside. */
static int nproc_ancestor_worker(int sock, void *arg)
{
	bool per_ns = *(bool *)arg;
	struct rlimit r;
	pid_t k;
	int p[2];

	CHILD_ASSERT(!nproc_worker_begin(p, &r), "see above");
	/* three processes of this uid: at the limit of 3 */
	CHILD_ASSERT(!nproc_unshare(&r, 3, 100), "see above");
	k = fork_waiter(p);
	if (!per_ns) {
		/* before 5.14 only the current limit counted */
		CHILD_ASSERT(k > 0, "fork under the soft limit 100 (kernel "
			     "< 5.14): %m");
	} else {
		/* 2 of 100 in the ns, but 4 of 3 in the parent ns */
		CHILD_ASSERT(k < 0 && errno == EAGAIN,
			     "fork over the limit recorded at unshare: %d %m",
			     k);
	}
	close(p[1]);
	if (k > 0)
		CHILD_ASSERT(waitpid(k, NULL, 0) == k, "%m");
	return 0;
}

NSC_RULES(user_36_rlimit_nproc_counted_per_user_ns, "USER-36");
TEST(user_36_rlimit_nproc_counted_per_user_ns)
{
	struct nsc_child h[2] = { NSC_CHILD_INIT, NSC_CHILD_INIT };
	bool per_ns = nsc_kernel_at_least(5, 14);
	nsc_child_fn workers[] = { nproc_worker, nproc_ancestor_worker };
	int i;

	NSC_REQUIRE(nsc_need_root());
	NSC_REQUIRE(nsc_need_userns());
	for (i = 0; i < 2; i++) {
		ASSERT_CHILD_START(&h[i], 0, nproc_holder, NULL);
		ASSERT_EQ('r', nsc_recv_byte(h[i].sock));
	}
	for (i = 0; i < 2; i++) {
		struct nsc_child w = NSC_CHILD_INIT;

		ASSERT_OWN_CHILD(&w, 0, workers[i], &per_ns);
	}
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, nsc_send_byte(h[i].sock, 'x'));
		ASSERT_CHILD_OK(&h[i]);
	}
}

/* ---- fixture: both privilege flavours ----------------------------- */

FIXTURE(ultp) {
	struct nsc_child child;
};

FIXTURE_VARIANT(ultp) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(ultp);

FIXTURE_SETUP(ultp)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_EQ(0, nsc_sandbox_tmpfs("/tmp")) TH_LOG("%m");
}

FIXTURE_TEARDOWN(ultp)
{
	nsc_child_kill(&self->child);
}

/* ---- USER-37: fanotify limits per user ns ------------------------- */

#define FAN_FLAGS (FAN_CLASS_NOTIF | FAN_REPORT_FID | FAN_CLOEXEC)
#define FAN_GROUPS_MAX "/proc/sys/user/max_fanotify_groups"
#define FAN_MARKS_MAX "/proc/sys/user/max_fanotify_marks"

/* unshare a user ns mapping our euid/egid to 0; -1 and errno, EEXIST when
 * the ns did not change */
static int new_userns_root(void)
{
	ino_t before = nsc_ns_ino(0, "user");

	if (nsc_unshare_userns_root(0))
		return -1;
	if (nsc_ns_ino(0, "user") == before) {
		errno = EEXIST;
		return -1;
	}
	return 0;
}

/* In a new user ns with max_fanotify_groups 3: the 4th group fails. */
static int fanotify_groups(int sock, void *arg)
{
	int g, i;

	CHILD_ASSERT(!new_userns_root(), "%m");
	/* this ns's own limit; the caller's stays as it is */
	CHILD_ASSERT(!nsc_write_long(FAN_GROUPS_MAX, 3), "%m");
	for (i = 0; i < 3; i++) {
		g = fanotify_init(FAN_FLAGS, O_RDONLY);
		if (g < 0 && errno == EPERM && i == 0)
			CHILD_SKIP("kernel lacks unprivileged fanotify (EPERM "
				   "from fanotify_init in a user ns; since 5.13)");
		CHILD_ASSERT(g >= 0, "group %d of 3: %m", i + 1);
	}
	errno = 0;
	g = fanotify_init(FAN_FLAGS, O_RDONLY);
	CHILD_ASSERT(g < 0 && errno == EMFILE,
		     "fourth group over max_fanotify_groups 3: %d %m", g);
	return 0;
}

/* In a new user ns with max_fanotify_marks 2: the 3rd inode mark fails. */
static int fanotify_marks(int sock, void *arg)
{
	char path[32];
	int g, i, rc;

	CHILD_ASSERT(!new_userns_root(), "%m");
	CHILD_ASSERT(!nsc_write_long(FAN_MARKS_MAX, 2), "%m");
	g = fanotify_init(FAN_FLAGS, O_RDONLY);
	if (g < 0 && errno == EPERM)
		CHILD_SKIP("kernel lacks unprivileged fanotify (EPERM from "
			   "fanotify_init in a user ns; since 5.13)");
	CHILD_ASSERT(g >= 0, "%m");
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "/tmp/fan%d", i);
		rc = fanotify_mark(g, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, path);
		if (rc && errno == ENODEV && i == 0)
			CHILD_SKIP("tmpfs reports no fsid, so no FAN_REPORT_FID "
				   "mark on it (ENODEV, as on 5.10)");
		if (i < 2)
			CHILD_ASSERT(!rc, "mark %d of 2: %m", i + 1);
		else
			CHILD_ASSERT(rc < 0 && errno == ENOSPC,
				     "third mark over max_fanotify_marks 2: "
				     "%d %m", rc);
	}
	return 0;
}

/* The creator's limits, read before and after a child set its own. */
static void fanotify_run(struct __test_metadata *_metadata,
			 FIXTURE_DATA(ultp) *self, nsc_child_fn fn)
{
	long host_groups, host_marks, v;
	int g[4], i;

	if (access(FAN_GROUPS_MAX, F_OK) && errno == ENOENT)
		SKIP(return, "kernel lacks per-user-ns fanotify limits (no %s; "
			     "since 5.13)", FAN_GROUPS_MAX);
	ASSERT_EQ(0, nsc_read_long(FAN_GROUPS_MAX, &host_groups));
	ASSERT_EQ(0, nsc_read_long(FAN_MARKS_MAX, &host_marks));
	for (i = 0; i < 3; i++) {
		char path[32];

		snprintf(path, sizeof(path), "/tmp/fan%d", i);
		ASSERT_EQ(0, nsc_put_file(path, "x")) TH_LOG("%s: %m", path);
	}
	ASSERT_OWN_CHILD(&self->child, 0, fn, NULL);
	/* our own limits are untouched, and do not stop a fourth group */
	ASSERT_EQ(0, nsc_read_long(FAN_GROUPS_MAX, &v));
	EXPECT_EQ(host_groups, v);
	ASSERT_EQ(0, nsc_read_long(FAN_MARKS_MAX, &v));
	EXPECT_EQ(host_marks, v);
	if (host_groups < 4)
		return;
	for (i = 0; i < 4; i++) {
		g[i] = fanotify_init(FAN_FLAGS, O_RDONLY);
		EXPECT_LE(0, g[i]) TH_LOG("group %d outside the ns: %m", i + 1);
	}
	for (i = 0; i < 4; i++)
		if (g[i] >= 0)
			close(g[i]);
}

NSC_RULES(user_37_fanotify_groups_limit_per_user_ns, "USER-37");
TEST_F(ultp, user_37_fanotify_groups_limit_per_user_ns)
{
	fanotify_run(_metadata, self, fanotify_groups);
}

NSC_RULES(user_37_fanotify_marks_limit_per_user_ns, "USER-37");
TEST_F(ultp, user_37_fanotify_marks_limit_per_user_ns)
{
	fanotify_run(_metadata, self, fanotify_marks);
}

/* ---- USER-38, USER-39: POSIX ACL xattrs --------------------------- */

#define ACL_XATTR "system.posix_acl_access"
#define ACL_VER 2
enum { T_USER_OBJ = 1, T_USER = 2, T_GROUP_OBJ = 4, T_MASK = 0x10,
       T_OTHER = 0x20 };

struct acl_entry {
	uint16_t tag, perm;
	uint32_t id;
};

struct acl5 {
	uint32_t version;
	struct acl_entry e[5];
};

/* u::rw-,u:ID:rwx,g::r--,m::rwx,o::r-- */
static struct acl5 acl_naming(uint32_t id)
{
	struct acl5 a = { ACL_VER, {
		{ T_USER_OBJ, 6, (uint32_t)-1 }, { T_USER, 7, id },
		{ T_GROUP_OBJ, 4, (uint32_t)-1 }, { T_MASK, 7, (uint32_t)-1 },
		{ T_OTHER, 4, (uint32_t)-1 } } };

	return a;
}

/* The ACL_USER entry's id as getxattr shows it here; two reads and the
 * size query must agree (commit 82c9a927bc5d). */
static int acl_user_id(const char *path, uint32_t *id)
{
	struct acl5 a, b;
	ssize_t n0 = getxattr(path, ACL_XATTR, NULL, 0);
	ssize_t n1 = getxattr(path, ACL_XATTR, &a, sizeof(a));
	ssize_t n2 = getxattr(path, ACL_XATTR, &b, sizeof(b));

	if (n1 < 0 || n2 < 0 || n0 < 0)
		return -1;
	if (n0 != (ssize_t)sizeof(a) || n1 != n0 || n2 != n0 ||
	    memcmp(&a, &b, sizeof(a)) || a.e[1].tag != T_USER) {
		nsc_child_log(__FILE__, __LINE__, "sizes %zd %zd %zd, tag %u",
			      n0, n1, n2, a.e[1].tag);
		errno = EPROTO;
		return -1;
	}
	*id = a.e[1].id;
	return 0;
}

struct acl_arg {
	bool map;	/* map our euid to ns uid 5 */
	uint32_t want;	/* the id the entry must show */
};

static int read_acl_in_userns(int sock, void *arg)
{
	struct acl_arg *a = arg;
	ino_t before = nsc_ns_ino(0, "user");
	char map[32];
	uint32_t id;

	snprintf(map, sizeof(map), "5 %u 1\n", (unsigned int)geteuid());
	CHILD_ASSERT(!unshare(CLONE_NEWUSER), "%m");
	CHILD_ASSERT(nsc_ns_ino(0, "user") != before, "no new user ns");
	if (a->map)
		CHILD_ASSERT(!nsc_write_file("/proc/self/uid_map", map),
			     "%s: %m", map);
	CHILD_ASSERT(!acl_user_id("/tmp/acl", &id), "getxattr: %m");
	CHILD_ASSERT(id == a->want, "ACL_USER id %u, want %u", id, a->want);
	return 0;
}

NSC_RULES(user_38_acl_xattr_ids_shown_in_reader_userns, "USER-38");
TEST_F(ultp, user_38_acl_xattr_ids_shown_in_reader_userns)
{
	struct acl5 acl = acl_naming(geteuid());
	struct acl_arg mapped = { true, 5 }, unmapped = { false, (uint32_t)-1 };
	uint32_t id;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_EQ(0, nsc_put_file("/tmp/acl", "x"));
	if (setxattr("/tmp/acl", ACL_XATTR, &acl, sizeof(acl), 0) &&
	    errno == EOPNOTSUPP)
		SKIP(return, "tmpfs without POSIX ACLs (EOPNOTSUPP; "
			     "CONFIG_TMPFS_POSIX_ACL)");
	ASSERT_EQ(0, acl_user_id("/tmp/acl", &id)) TH_LOG("%m");
	ASSERT_EQ(geteuid(), id);
	ASSERT_OWN_CHILD(&self->child, 0, read_acl_in_userns, &mapped);
	ASSERT_OWN_CHILD(&self->child, 0, read_acl_in_userns, &unmapped);
}

static int write_acl_in_userns(int sock, void *arg)
{
	ino_t before = nsc_ns_ino(0, "user");
	struct acl5 acl;
	char map[32];

	snprintf(map, sizeof(map), "5 %u 1\n", (unsigned int)geteuid());
	CHILD_ASSERT(!unshare(CLONE_NEWUSER), "%m");
	CHILD_ASSERT(nsc_ns_ino(0, "user") != before, "no new user ns");
	CHILD_ASSERT(!nsc_write_file("/proc/self/uid_map", map), "%s: %m", map);
	CHILD_ASSERT(geteuid() == 5, "euid %d", geteuid());
	/* an id with no mapping here cannot be stored */
	acl = acl_naming(7);
	errno = 0;
	CHILD_ASSERT(setxattr("/tmp/acl", ACL_XATTR, &acl, sizeof(acl), 0) &&
		     errno == EINVAL, "ACL naming unmapped uid 7: %m "
		     "(want EINVAL)");
	acl = acl_naming(5);
	CHILD_ASSERT(!setxattr("/tmp/acl", ACL_XATTR, &acl, sizeof(acl), 0),
		     "ACL naming uid 5: %m");
	return 0;
}

NSC_RULES(user_39_acl_xattr_ids_stored_from_writer_userns, "USER-39");
TEST_F(ultp, user_39_acl_xattr_ids_stored_from_writer_userns)
{
	struct acl5 acl = acl_naming(geteuid());
	uint32_t id;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_EQ(0, nsc_put_file("/tmp/probe", "x"));
	if (setxattr("/tmp/probe", ACL_XATTR, &acl, sizeof(acl), 0) &&
	    errno == EOPNOTSUPP)
		SKIP(return, "tmpfs without POSIX ACLs (EOPNOTSUPP; "
			     "CONFIG_TMPFS_POSIX_ACL)");
	ASSERT_EQ(0, nsc_put_file("/tmp/acl", "x"));
	errno = 0;
	ASSERT_GT(0, getxattr("/tmp/acl", ACL_XATTR, &acl, sizeof(acl)));
	ASSERT_EQ(ENODATA, errno) TH_LOG("a fresh file has an ACL: %m");
	ASSERT_OWN_CHILD(&self->child, 0, write_acl_in_userns, NULL);
	/* ns uid 5 is our euid here */
	ASSERT_EQ(0, acl_user_id("/tmp/acl", &id)) TH_LOG("%m");
	EXPECT_EQ(geteuid(), id) TH_LOG("ns uid 5 stored as %u", id);
}

TEST_HARNESS_MAIN
