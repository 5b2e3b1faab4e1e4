// SPDX-License-Identifier: GPL-2.0
/*
 * listns() (6.19, x86-64 syscall 470): the ids of active namespaces, in
 * ascending order after a cursor, filtered by a CLONE_NEW* type mask and
 * an owner user namespace, limited to what the caller may see.
 * Source: tools/testing/selftests/namespaces/listns_test.c,
 * listns_permissions_test.c, listns_efault_test.c; kernel/nstree.c.
 */
#include <dirent.h>
#include <sys/mman.h>

#include "nsc_harness.h"
#include "nstree_util.h"

#define TYPES_BUT_USER (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | \
			CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWTIME)

FIXTURE(owned) {
	struct nsc_child child;
	__u64 user;			/* id of the child's new user ns U */
	__u64 id[NSC_NS_COUNT];		/* ids of the namespaces U owns */
	__u32 types;			/* the types made */
	long nchild;			/* what the child listed inside U */
	__u64 child_list[64];
};


/* In U: report what listns(LISTNS_CURRENT_USER) and listns(U's id) give,
 * then park. */
static int list_own_park(int sock, void *arg)
{
	static __u64 cur[64], byid[64];
	__u64 me;
	long nc, ni;

	CHILD_ASSERT(!nstree_grab(0, "user", &me, NULL, NULL), "%m");
	nc = nstree_list_all(0, LISTNS_CURRENT_USER, 64, cur, 64);
	CHILD_ASSERT(nc >= 0, "listns(LISTNS_CURRENT_USER): %m");
	ni = nstree_list_all(0, me, 64, byid, 64);
	CHILD_ASSERT(ni >= 0, "listns(own id): %m");
	CHILD_ASSERT(nc == ni && !memcmp(cur, byid, nc * sizeof(*cur)),
		     "LISTNS_CURRENT_USER (%ld ids) differs from the own id (%ld)", nc, ni);
	CHILD_ASSERT(!nsc_send_buf(sock, &nc, sizeof(nc)) &&
		     !nsc_send_buf(sock, cur, nc * sizeof(*cur)), "%m");
	return nsc_child_park(sock, arg);
}

/* A child in a new user ns U and new namespaces of every other type
 * (owned by U): their ids in self. */
FIXTURE_SETUP(owned)
{
	uint64_t flags = CLONE_NEWUSER;

	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_REQUIRE(nstree_need_listns());
	/* we list U's namespaces without being in them */
	NSC_REQUIRE(nstree_need_see_all());
	flags |= nstree_built_flags();
	self->types = flags & TYPES_BUT_USER;
	ASSERT_CHILD_START(&self->child, flags, list_own_park, NULL);
	for (int i = 0; i < NSC_NS_COUNT; i++) {
		const struct nsc_nstype *t = &nsc_nstypes[i];
		struct nsc_nsid a, b;

		if (!(flags & t->flag))
			continue;
		ASSERT_EQ(0, nstree_grab(self->child.pid, t->name, &self->id[i], NULL, &a))
			TH_LOG("%s: %m", t->name);
		ASSERT_EQ(0, nsc_ns_stat(0, t->name, &b));
		ASSERT_FALSE(nsc_nsid_eq(&a, &b)) TH_LOG("%s ns not new", t->name);
	}
	self->user = self->id[NSC_NS_USER];
	ASSERT_EQ((ssize_t)sizeof(self->nchild),
		  nsc_recv_buf(self->child.sock, &self->nchild, sizeof(self->nchild)));
	ASSERT_LE(0, self->nchild);
	ASSERT_GE(64, self->nchild);
	ASSERT_EQ((ssize_t)(self->nchild * sizeof(__u64)),
		  nsc_recv_buf(self->child.sock, self->child_list,
			       self->nchild * sizeof(__u64)));
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
}

FIXTURE_TEARDOWN(owned)
{
	nsc_child_kill(&self->child);
}

static int cmp_u64(const void *a, const void *b)
{
	__u64 x = *(const __u64 *)a, y = *(const __u64 *)b;

	return x < y ? -1 : x > y;
}

/* The ids of U's namespaces of the types in mask, ascending. */
static size_t want_ids(FIXTURE_DATA(owned) *self, __u32 mask, __u64 *out)
{
	size_t n = 0;

	for (int i = 0; i < NSC_NS_COUNT; i++)
		if (i != NSC_NS_USER && (self->types & mask & nsc_nstypes[i].flag))
			out[n++] = self->id[i];
	qsort(out, n, sizeof(*out), cmp_u64);
	return n;
}

static void expect_list(struct __test_metadata *_metadata,
			FIXTURE_DATA(owned) *self, __u32 mask, size_t nr)
{
	__u64 want[NSC_NS_COUNT], got[64];
	size_t nw = want_ids(self, mask ? mask : self->types, want);
	long n = nstree_list_all(mask, self->user, nr, got, NSC_ARRAY_SIZE(got));

	ASSERT_LE(0, n) TH_LOG("listns(type %#x, owner %llu): %m", mask,
			       (unsigned long long)self->user);
	ASSERT_EQ((long)nw, n) TH_LOG("type mask %#x, pages of %zu", mask, nr);
	for (size_t i = 0; i < nw; i++) {
		EXPECT_EQ(want[i], got[i]) TH_LOG("mask %#x entry %zu", mask, i);
	}
}

/* covers: CORE-62 CORE-64 */
TEST_F(owned, core_62_type_filter_single_and_mask)
{
	__u32 seen = 0;

	for (int i = 0; i < NSC_NS_COUNT; i++) {
		__u32 f = nsc_nstypes[i].flag;

		if (!(self->types & f))
			continue;
		expect_list(_metadata, self, f, 64);		/* one type */
		if (seen)
			expect_list(_metadata, self, f | seen, 64);	/* OR mask */
		seen |= f;
	}
	expect_list(_metadata, self, 0, 64);	/* 0: every type */
}

/* covers: CORE-63 */
TEST_F(owned, core_63_pagination_cursor_ascending)
{
	__u64 want[NSC_NS_COUNT], got[4];
	size_t nw = want_ids(self, self->types, want);
	struct nstree_req req = {
		.size = sizeof(req), .user_ns_id = self->user,
	};
	long n;

	ASSERT_LE(3, nw);
	/* pages of 1, 2 and 3 ids give the same ascending list */
	for (size_t nr = 1; nr <= 3; nr++)
		expect_list(_metadata, self, 0, nr);
	/* the cursor is exclusive: ids strictly after it */
	req.ns_id = want[0];
	n = nstree_listns(&req, got, 1, 0);
	ASSERT_EQ(1, n) TH_LOG("%m");
	EXPECT_EQ(want[1], got[0]);
	req.ns_id = want[0] + (want[1] - want[0]) / 2;	/* between two ids */
	n = nstree_listns(&req, got, 1, 0);
	ASSERT_EQ(1, n) TH_LOG("%m");
	EXPECT_EQ(want[1], got[0]) TH_LOG("cursor %llu", (unsigned long long)req.ns_id);
	/* nothing after the cursor: ENOENT, not an empty page */
	req.ns_id = want[nw - 1];
	errno = 0;
	EXPECT_EQ(-1, nstree_listns(&req, got, NSC_ARRAY_SIZE(got), 0));
	EXPECT_EQ(ENOENT, errno) TH_LOG("cursor at U's last id: %m");
}

/* covers: CORE-64 */
TEST_F(owned, core_64_owner_filter_and_current_user)
{
	__u64 want[NSC_NS_COUNT], got[64];
	size_t nw = want_ids(self, self->types, want);
	long n;

	/* the child, inside U, listed with LISTNS_CURRENT_USER and with U's
	 * id and got the same; it must be exactly U's namespaces */
	ASSERT_EQ((long)nw, self->nchild) TH_LOG("the child saw %ld namespaces owned by U",
						 self->nchild);
	for (size_t i = 0; i < nw; i++) {
		EXPECT_EQ(want[i], self->child_list[i]) TH_LOG("entry %zu", i);
	}
	/* and so do we, filtering by U's id */
	n = nstree_list_all(0, self->user, 64, got, NSC_ARRAY_SIZE(got));
	ASSERT_EQ((long)nw, n) TH_LOG("%m");
	/* U itself is owned by our user ns, not by U */
	EXPECT_EQ(0, nstree_listed(CLONE_NEWUSER, self->user, self->user));
	EXPECT_EQ(1, nstree_listed(CLONE_NEWUSER, LISTNS_CURRENT_USER, self->user));
}

/* covers: CORE-65 */
TEST(core_65_listns_errors)
{
	struct nstree_req req = { .size = sizeof(req) };
	__u64 ids[4];
	void *page;
	long r;

	NSC_REQUIRE(nstree_need_listns());
#define EXPECT_LISTNS_ERR(err, rq, buf, nr, flags, what) do { \
		errno = 0; \
		r = nstree_listns((rq), (buf), (nr), (flags)); \
		EXPECT_EQ(-1, r) TH_LOG("%s", (what)); \
		EXPECT_EQ((err), errno) TH_LOG("%s: %m", (what)); \
	} while (0)
	EXPECT_LISTNS_ERR(EINVAL, &req, ids, 4, 1, "flags 1");
	req.spare = 1;
	EXPECT_LISTNS_ERR(EINVAL, &req, ids, 4, 0, "spare 1");
	req.spare = 0;
	req.size = NSTREE_REQ_SIZE_VER0 - 8;
	EXPECT_LISTNS_ERR(EINVAL, &req, ids, 4, 0, "size below VER0");
	req.size = sizeof(req);
	EXPECT_LISTNS_ERR(EFAULT, NULL, ids, 4, 0, "NULL request");
	EXPECT_LISTNS_ERR(EFAULT, &req, NULL, 4, 0, "NULL buffer");
	page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, page);
	EXPECT_LISTNS_ERR(EFAULT, &req, page, 4, 0, "unmapped buffer");
	munmap(page, 4096);
	EXPECT_LISTNS_ERR(EOVERFLOW, &req, ids, (size_t)1 << 40, 0, "nr 2^40");
	/* the sane request works */
	EXPECT_LE(1, nstree_listns(&req, ids, 4, 0)) TH_LOG("%m");
}

/* ---- visibility ---- */

struct vis {
	__u64 hidden[NSC_NS_COUNT];	/* a sibling's namespaces */
};

/* The caller's own (current) namespaces are listed, the sibling's not. */
static int check_visibility(struct vis *v, const char *who)
{
	for (int i = 0; i < NSC_NS_COUNT; i++) {
		__u32 f = nsc_nstypes[i].flag;
		__u64 own;

		if (nsc_need_nstype(&nsc_nstypes[i]))
			continue;
		CHILD_ASSERT(!nstree_grab(0, nsc_nstypes[i].name, &own, NULL, NULL), "%m");
		CHILD_ASSERT(nstree_listed(f, 0, own) == 1, "%s: own %s ns %llu not listed: %m",
			     who, nsc_nstypes[i].name, (unsigned long long)own);
		if (v->hidden[i])
			CHILD_ASSERT(nstree_listed(f, 0, v->hidden[i]) == 0,
				     "%s: the sibling's %s ns %llu listed (%m)", who,
				     nsc_nstypes[i].name, (unsigned long long)v->hidden[i]);
	}
	return 0;
}

static int vis_nobody(int sock, void *arg)
{
	CHILD_ASSERT(!nsc_drop_to_nobody(), "%m");
	return check_visibility(arg, "nobody");
}

static int vis_sibling(int sock, void *arg)
{
	return check_visibility(arg, "root of a sibling user ns");
}

/* Root of a new user ns leaves an ipc ns it owns (kept active by an fd)
 * for a new one: since 7.0 only the one it is in is listed. */
static int vis_owned_not_current(int sock, void *arg)
{
	__u64 old, cur;
	int fd = nsc_ns_open(0, "ipc");

	CHILD_ASSERT(fd >= 0, "%m");
	CHILD_ASSERT(!nstree_id(fd, &old), "%m");
	CHILD_ASSERT(!nsc_unshare_checked(CLONE_NEWIPC), "%m");
	CHILD_ASSERT(!nstree_grab(0, "ipc", &cur, NULL, NULL), "%m");
	CHILD_ASSERT(cur != old, "ipc ns not new");
	CHILD_ASSERT(nstree_listed(CLONE_NEWIPC, 0, cur) == 1, "current ipc ns not listed");
	CHILD_ASSERT(nstree_listed(CLONE_NEWIPC, LISTNS_CURRENT_USER, cur) == 1,
		     "current ipc ns not listed as owned");
	CHILD_ASSERT(nstree_listed(CLONE_NEWIPC, 0, old) == 0,
		     "an owned ipc ns we are not in is listed");
	CHILD_ASSERT(nstree_listed(CLONE_NEWIPC, LISTNS_CURRENT_USER, old) == 0,
		     "an owned ipc ns we are not in is listed by owner");
	close(fd);
	return 0;
}

/*
 * Who sees what: every caller its own current namespaces; only a caller
 * with CAP_SYS_ADMIN in the initial user ns, in the initial pid ns, any
 * other (since 7.0, commit 8d76afe84fa2; 6.19.0 also let CAP_SYS_ADMIN
 * over the owner do).
 */
/* covers: CORE-66 */
TEST(core_66_visibility)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct vis v = { 0 };
	uint64_t flags = CLONE_NEWUSER;

	NSC_REQUIRE(nstree_need_listns());
	NSC_REQUIRE(nsc_need_userns());
	flags |= nstree_built_flags();
	/* a parked child in new namespaces of every type, owned by its new
	 * user ns S1 */
	ASSERT_CHILD_START(&c, flags, nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(c.sock));
	for (int i = 0; i < NSC_NS_COUNT; i++) {
		struct nsc_nsid a, b;

		if (!(flags & nsc_nstypes[i].flag))
			continue;
		ASSERT_EQ(0, nstree_grab(c.pid, nsc_nstypes[i].name, &v.hidden[i], NULL, &a));
		ASSERT_EQ(0, nsc_ns_stat(0, nsc_nstypes[i].name, &b));
		ASSERT_FALSE(nsc_nsid_eq(&a, &b));
	}
	/* the all-seeing caller sees S1's */
	if (!nstree_need_see_all()) {
		for (int i = 0; i < NSC_NS_COUNT; i++) {
			if (v.hidden[i]) {
				EXPECT_EQ(1, nstree_listed(nsc_nstypes[i].flag, 0, v.hidden[i]))
					TH_LOG("%s ns of the child", nsc_nstypes[i].name);
			}
		}
	}
	/* a sibling user ns S2 sees its own, not S1's */
	ASSERT_CHILD_RUN(CLONE_NEWUSER, vis_sibling, &v);
	/* nobody in the initial user ns: the same */
	if (!nsc_need_root() && nsc_in_init_userns() == 1)
		ASSERT_CHILD_RUN(0, vis_nobody, &v);
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
	/* owning a namespace is not enough */
	if (nsc_kernel_at_least(7, 0))
		ASSERT_CHILD_RUN(CLONE_NEWUSER, vis_owned_not_current, NULL);
}

/* Waits for its maps, then moves on into a nested user ns. */
static int nest_park(int sock, void *arg)
{
	CHILD_ASSERT(nsc_recv_byte(sock) == 'm', "no maps");
	CHILD_ASSERT(!unshare(CLONE_NEWUSER), "%m");
	return nsc_child_park(sock, arg);
}

/* covers: CORE-67 */
TEST(core_67_parent_userns_listed_while_only_child_userns_active)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct nsc_nsid mine, u1, u2parent;
	__u64 u1_id, our_id;
	int fd, p;

	NSC_REQUIRE(nstree_need_listns());
	NSC_REQUIRE(nsc_need_userns());
	/* U1 is not ours to see otherwise (CORE-66) */
	NSC_REQUIRE(nstree_need_see_all());
	ASSERT_EQ(0, nstree_grab(0, "user", &our_id, NULL, &mine));
	ASSERT_CHILD_START(&c, CLONE_NEWUSER, nest_park, NULL);
	fd = nsc_ns_open(c.pid, "user");
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, nsc_ns_fstat(fd, &u1));
	ASSERT_FALSE(nsc_nsid_eq(&mine, &u1));
	ASSERT_EQ(0, nstree_id(fd, &u1_id));
	close(fd);
	/* the child leaves U1 for a nested U2: U1 has no task, no fd */
	ASSERT_EQ(0, nsc_map_root_to(c.pid, geteuid(), getegid())) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'm'));
	ASSERT_EQ('r', nsc_recv_byte(c.sock));
	fd = nsc_ns_open(c.pid, "user");
	ASSERT_LE(0, fd);
	p = ioctl(fd, NS_GET_PARENT);
	close(fd);
	ASSERT_LE(0, p) TH_LOG("NS_GET_PARENT: %m");
	ASSERT_EQ(0, nsc_ns_fstat(p, &u2parent));
	close(p);
	ASSERT_TRUE(nsc_nsid_eq(&u1, &u2parent)) TH_LOG("the child is not in a child of U1");
	ASSERT_EQ(1, nstree_listed(CLONE_NEWUSER, our_id, u1_id));
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
	EXPECT_EQ(0, nstree_listed(CLONE_NEWUSER, our_id, u1_id)) TH_LOG("U1 after exit");
}

/* covers: CORE-68 */
TEST(core_68_listns_covers_proc_walk)
{
	static __u64 ids[16384], seen[16384];
	static int fds[16384];
	size_t nseen = 0, nfds = 0;
	struct dirent *e;
	long n;
	DIR *d;

	NSC_REQUIRE(nstree_need_listns());
	NSC_REQUIRE(nstree_need_see_all());
	d = opendir("/proc");
	ASSERT_NE(NULL, d) TH_LOG("%m");
	while ((e = readdir(d)) && nfds < NSC_ARRAY_SIZE(fds) - NSC_NSLINK_COUNT) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);

		if (*end || pid <= 0)
			continue;
		for (int i = 0; i < NSC_NSLINK_COUNT; i++) {
			__u64 id;
			bool dup = false;
			/* an open fd pins the ns active while we list */
			int fd = nsc_ns_open((pid_t)pid, nsc_nslinks[i]);

			if (fd < 0) {
				/* the process exited, or a memberless pid ns */
				ASSERT_TRUE(errno == ENOENT || errno == ESRCH)
					TH_LOG("/proc/%ld/ns/%s: %m", pid, nsc_nslinks[i]);
				continue;
			}
			ASSERT_EQ(0, nstree_id(fd, &id)) TH_LOG("%m");
			for (size_t k = 0; k < nseen && !dup; k++)
				dup = seen[k] == id;
			if (dup) {
				close(fd);
				continue;
			}
			seen[nseen++] = id;
			fds[nfds++] = fd;
		}
	}
	closedir(d);
	n = nstree_list_all(0, 0, 64, ids, NSC_ARRAY_SIZE(ids));
	ASSERT_LE(0, n) TH_LOG("listns: %m");
	for (size_t k = 0; k < nseen; k++) {
		bool found = false;

		for (long i = 0; i < n && !found; i++)
			found = ids[i] == seen[k];
		EXPECT_TRUE(found) TH_LOG("ns id %llu from /proc not listed",
					  (unsigned long long)seen[k]);
	}
	TH_LOG("%zu namespaces in /proc, %ld listed", nseen, n);
	EXPECT_LE((long)nseen, n);
	for (size_t k = 0; k < nfds; k++)
		close(fds[k]);
}

TEST_HARNESS_MAIN
