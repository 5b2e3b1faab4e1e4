// SPDX-License-Identifier: GPL-2.0
/*
 * nsfs file handles (6.18): name_to_handle_at() on an ns fd gives a
 * FILEID_NSFS handle {ns_id, ns_type, ns_inum}; open_by_handle_at()
 * with FD_NSFS_ROOT as mount_fd reopens the namespace, for a member of
 * it without any privilege, else with CAP_SYS_ADMIN over its owner.
 * Since 6.19 a handle may carry the id alone, and the initial namespaces
 * have fixed ids.
 * Source: tools/testing/selftests/namespaces/file_handle_test.c,
 * ns_active_ref_test.c; fs/nsfs.c, include/uapi/linux/nsfs.h.
 */
#include <sys/capability.h>

#include "nsc_harness.h"
#include "nstree_util.h"

/* The initial namespaces' fixed inode numbers and (6.19) ids. */
static const struct {
	const char *link;
	ino_t ino;
	__u64 id;
} init_ns[] = {
	{ "ipc", 0xEFFFFFFFU, 1 }, { "uts", 0xEFFFFFFEU, 2 },
	{ "user", 0xEFFFFFFDU, 3 }, { "pid", 0xEFFFFFFCU, 4 },
	{ "cgroup", 0xEFFFFFFBU, 5 }, { "time", 0xEFFFFFFAU, 6 },
	{ "net", 0xEFFFFFF9U, 7 }, { "mnt", 0xEFFFFFF8U, 8 },
};

static bool have_type(const char *link)
{
	return !nsc_need_nstype(nsc_nstype_by_name(link));
}

/* covers: CORE-46 */
TEST(core_46_handle_carries_id_type_inode)
{
	NSC_REQUIRE(nstree_need_handles());
	NSC_REQUIRE(nstree_need_ns_id());
	for (size_t i = 0; i < NSC_ARRAY_SIZE(init_ns); i++) {
		const char *l = init_ns[i].link;
		struct nstree_fid fid;
		struct nstree_fh fh;
		struct nsc_nsid st;
		int fd, mnt_id;
		__u64 id;

		if (!have_type(l))
			continue;
		fd = nsc_ns_open(0, l);
		ASSERT_LE(0, fd);
		/* too small a buffer: EOVERFLOW and the size needed */
		memset(&fh, 0, sizeof(fh));
		fh.h.handle_bytes = 8;
		errno = 0;
		EXPECT_EQ(-1, name_to_handle_at(fd, "", &fh.h, &mnt_id, AT_EMPTY_PATH));
		EXPECT_EQ(EOVERFLOW, errno) TH_LOG("%s: %m", l);
		EXPECT_EQ(sizeof(fid), fh.h.handle_bytes) TH_LOG("%s: size needed", l);
		ASSERT_EQ(0, nstree_handle(fd, &fh)) TH_LOG("%s: %m", l);
		ASSERT_EQ(0, nstree_id(fd, &id));
		ASSERT_EQ(0, nsc_ns_fstat(fd, &st));
		close(fd);
		EXPECT_EQ(FILEID_NSFS, fh.h.handle_type);
		ASSERT_EQ(sizeof(fid), fh.h.handle_bytes);
		memcpy(&fid, fh.h.f_handle, sizeof(fid));
		EXPECT_EQ(id, fid.ns_id) TH_LOG("%s", l);
		EXPECT_EQ((__u32)nsc_nstype_by_name(l)->flag, fid.ns_type) TH_LOG("%s", l);
		EXPECT_EQ((__u32)st.ino, fid.ns_inum) TH_LOG("%s", l);
	}
}

/* covers: CORE-47 */
TEST(core_47_forged_handle_estale)
{
	struct nstree_fid fid, bad;
	struct nstree_fh fh;
	int fd, re;

	NSC_REQUIRE(nstree_need_handles());
	fd = nsc_ns_open(0, "uts");
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, nstree_handle(fd, &fh)) TH_LOG("%m");
	close(fd);
	memcpy(&fid, fh.h.f_handle, sizeof(fid));
	for (int k = 0; k < 4; k++) {
		static const char *const what[] = {
			"wrong inode", "wrong type", "unknown id", "12 bytes",
		};

		bad = fid;
		fh.h.handle_bytes = sizeof(fid);
		if (k == 0)
			bad.ns_inum++;
		else if (k == 1)
			bad.ns_type = CLONE_NEWNET;
		else if (k == 2)
			bad.ns_id += 1000000;
		else
			fh.h.handle_bytes = 12;
		memcpy(fh.h.f_handle, &bad, sizeof(bad));
		errno = 0;
		re = nstree_open_handle(&fh);
		if (re >= 0)
			close(re);
		EXPECT_EQ(-1, re) TH_LOG("%s opened", what[k]);
		EXPECT_EQ(ESTALE, errno) TH_LOG("%s: %m", what[k]);
	}
}

/* Handles of the caller's own namespaces, as nobody in the initial user
 * ns, reopen through FD_NSFS_ROOT: membership is enough. */
static int decode_own_as_nobody(int sock, void *arg)
{
	CHILD_ASSERT(!nsc_drop_to_nobody(), "%m");
	CHILD_ASSERT(!nsc_cap_effective(CAP_DAC_READ_SEARCH) &&
		     !nsc_cap_effective(CAP_SYS_ADMIN), "capabilities kept");
	for (size_t i = 0; i < NSC_ARRAY_SIZE(init_ns); i++) {
		struct nsc_nsid a, b;
		struct nstree_fh fh;
		int fd, re;

		if (!have_type(init_ns[i].link))
			continue;
		fd = nsc_ns_open(0, init_ns[i].link);
		CHILD_ASSERT(fd >= 0, "open %s: %m", init_ns[i].link);
		CHILD_ASSERT(!nstree_handle(fd, &fh), "handle %s: %m", init_ns[i].link);
		CHILD_ASSERT(fh.h.handle_type == FILEID_NSFS, "%s: handle type %#x",
			     init_ns[i].link, fh.h.handle_type);
		CHILD_ASSERT(!nsc_ns_fstat(fd, &a), "%m");
		close(fd);
		re = nstree_open_handle(&fh);
		CHILD_ASSERT(re >= 0, "open_by_handle_at(FD_NSFS_ROOT, %s) as nobody: %m",
			     init_ns[i].link);
		CHILD_ASSERT(!nsc_ns_fstat(re, &b) && nsc_nsid_eq(&a, &b),
			     "%s reopened as another ns", init_ns[i].link);
		close(re);
	}
	/* without a mount fd of nsfs the handle means nothing */
	return 0;
}

/* covers: CORE-49 */
TEST(core_49_fd_nsfs_root_reopens_own_ns_unprivileged)
{
	NSC_REQUIRE(nstree_need_handles());
	/* as root: drop to uid 65534 first; unprivileged: as we are */
	ASSERT_CHILD_RUN(0, decode_own_as_nobody, NULL);
}

struct foreign {
	struct nstree_fh fh;
	int want;	/* errno the decode must give */
};

static int decode_foreign_as_nobody(int sock, void *arg)
{
	struct foreign *f = arg;

	CHILD_ASSERT(!nsc_drop_to_nobody(), "%m");
	errno = 0;
	CHILD_ASSERT(nstree_open_handle(&f->fh) < 0 && errno == f->want,
		     "decode of a foreign uts ns as nobody: %m, want %s",
		     strerror(f->want));
	return 0;
}

/* covers: CORE-49 */
TEST(core_49_foreign_ns_needs_cap_over_owner)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct foreign f = { .want = ESTALE };
	struct nsc_nsid mine, theirs;
	__u64 id;

	NSC_REQUIRE(nstree_need_handles());
	/* root that may open any namespace (since 7.0 see CORE-66) */
	NSC_REQUIRE(nstree_need_see_all());
	ASSERT_CHILD_START(&c, CLONE_NEWUTS, nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(c.sock));
	ASSERT_EQ(0, nstree_grab(c.pid, "uts", &id, &f.fh, &theirs)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_ns_stat(0, "uts", &mine));
	ASSERT_FALSE(nsc_nsid_eq(&mine, &theirs));
	/* root (not a member, CAP_SYS_ADMIN over the owner) may */
	{
		int fd = nstree_open_handle(&f.fh);
		struct nsc_nsid got;

		ASSERT_LE(0, fd) TH_LOG("root: %m");
		ASSERT_EQ(0, nsc_ns_fstat(fd, &got));
		EXPECT_TRUE(nsc_nsid_eq(&got, &theirs));
		close(fd);
	}
	/* nobody, neither member nor capable, may not */
	ASSERT_CHILD_RUN(0, decode_foreign_as_nobody, &f);
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
}

struct parent_handles {
	struct nstree_fh fh[NSC_ARRAY_SIZE(init_ns)];
	bool have[NSC_ARRAY_SIZE(init_ns)];
	struct nsc_nsid nsid[NSC_ARRAY_SIZE(init_ns)];
	bool member;	/* the child kept every type but user */
};

static int decode_parent_from_child_userns(int sock, void *arg)
{
	struct parent_handles *p = arg;

	for (size_t i = 0; i < NSC_ARRAY_SIZE(init_ns); i++) {
		const char *l = init_ns[i].link;
		struct nsc_nsid now;
		bool in;
		int fd;

		if (!p->have[i])
			continue;
		/* where we stand: a member of the parent's ns of this type? */
		CHILD_ASSERT(!nsc_ns_stat(0, l, &now), "%s: %m", l);
		in = nsc_nsid_eq(&now, &p->nsid[i]);
		CHILD_ASSERT(in == (p->member && strcmp(l, "user")),
			     "%s: member %d, expected otherwise", l, in);
		errno = 0;
		fd = nstree_open_handle(&p->fh[i]);
		if (in) {
			struct nsc_nsid got;

			CHILD_ASSERT(fd >= 0, "member of the parent's %s ns: decode: %m", l);
			CHILD_ASSERT(!nsc_ns_fstat(fd, &got) && nsc_nsid_eq(&got, &now),
				     "%s: another ns", l);
			close(fd);
		} else {
			if (fd >= 0)
				close(fd);
			CHILD_ASSERT(fd < 0 && errno == ESTALE,
				     "parent's %s ns from a child user ns: %m (want ESTALE)", l);
		}
	}
	return 0;
}

/* covers: CORE-50 */
TEST(core_50_parent_ns_handle_from_child_userns_estale)
{
	struct parent_handles p = { 0 };
	uint64_t all = CLONE_NEWUSER;

	NSC_REQUIRE(nstree_need_handles());
	NSC_REQUIRE(nsc_need_userns());
	for (size_t i = 0; i < NSC_ARRAY_SIZE(init_ns); i++) {
		int fd;

		if (!have_type(init_ns[i].link))
			continue;
		fd = nsc_ns_open(0, init_ns[i].link);
		ASSERT_LE(0, fd) TH_LOG("%s: %m", init_ns[i].link);
		ASSERT_EQ(0, nstree_handle(fd, &p.fh[i])) TH_LOG("%m");
		ASSERT_EQ(0, nsc_ns_fstat(fd, &p.nsid[i]));
		close(fd);
		p.have[i] = true;
		all |= nsc_nstype_by_name(init_ns[i].link)->flag;
	}
	/* a child in a new user ns only: still a member of the other seven,
	 * which it may decode; the parent's user ns it may not */
	p.member = true;
	ASSERT_CHILD_RUN(CLONE_NEWUSER, decode_parent_from_child_userns, &p);
	/* a child in new namespaces of every type: none of the parent's */
	p.member = false;
	ASSERT_CHILD_RUN(all, decode_parent_from_child_userns, &p);
}

/* covers: CORE-51 */
TEST(core_51_handle_open_flags)
{
	static const struct {
		int flags;
		int err;
	} cases[] = {
		{ O_WRONLY, EPERM }, { O_RDWR, EPERM }, { O_TRUNC, EPERM },
		{ O_DIRECT, EINVAL }, { O_TMPFILE, EINVAL },
		{ O_DIRECTORY, ENOTDIR },
	};
	struct nstree_fh fh;
	int fd, re;

	NSC_REQUIRE(nstree_need_handles());
	fd = nsc_ns_open(0, "uts");
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, nstree_handle(fd, &fh)) TH_LOG("%m");
	/* the accepted open: read-only */
	re = open_by_handle_at(FD_NSFS_ROOT, &fh.h, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, re) TH_LOG("O_RDONLY: %m");
	EXPECT_EQ(O_RDONLY, fcntl(re, F_GETFL) & O_ACCMODE);
	close(re);
	for (size_t i = 0; i < NSC_ARRAY_SIZE(cases); i++) {
		errno = 0;
		re = open_by_handle_at(FD_NSFS_ROOT, &fh.h, cases[i].flags | O_CLOEXEC);
		if (re >= 0)
			close(re);
		EXPECT_EQ(-1, re) TH_LOG("flags %#x opened", cases[i].flags);
		EXPECT_EQ(cases[i].err, errno)
			TH_LOG("flags %#x: %m, want %s", cases[i].flags, strerror(cases[i].err));
	}
	close(fd);
}

/* covers: CORE-52 */
TEST(core_52_id_only_handle_opens_ns)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct nsc_nsid mine;
	uint64_t flags = 0;

	NSC_REQUIRE(nstree_need_handles());
	NSC_REQUIRE(nstree_need_listns());
	NSC_REQUIRE(nstree_need_see_all());
	flags = nstree_built_flags() & ~CLONE_NEWUSER;
	ASSERT_CHILD_START(&c, flags, nsc_child_park, NULL);
	ASSERT_EQ('r', nsc_recv_byte(c.sock));
	for (size_t i = 0; i < NSC_ARRAY_SIZE(init_ns); i++) {
		const char *l = init_ns[i].link;
		struct nsc_nsid want, got;
		struct nstree_fh fh;
		__u64 id;
		int fd;

		if (!have_type(l) || !strcmp(l, "user"))
			continue;
		ASSERT_EQ(0, nstree_grab(c.pid, l, &id, NULL, &want)) TH_LOG("%s: %m", l);
		ASSERT_EQ(0, nsc_ns_stat(0, l, &mine));
		ASSERT_FALSE(nsc_nsid_eq(&mine, &want)) TH_LOG("%s not new", l);
		nstree_id_handle(&fh, id);
		fd = nstree_open_handle(&fh);
		ASSERT_LE(0, fd) TH_LOG("{%llu, 0, 0} (%s): %m", (unsigned long long)id, l);
		ASSERT_EQ(0, nsc_ns_fstat(fd, &got));
		EXPECT_TRUE(nsc_nsid_eq(&want, &got)) TH_LOG("%s: another ns", l);
		EXPECT_EQ(nsc_nstype_by_name(l)->flag, ioctl(fd, NS_GET_NSTYPE));
		close(fd);
	}
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
}

/* covers: CORE-53 */
TEST(core_53_initial_ns_fixed_ids_always_active)
{
	NSC_REQUIRE(nstree_need_handles());
	NSC_REQUIRE(nstree_need_listns());
	for (size_t i = 0; i < NSC_ARRAY_SIZE(init_ns); i++) {
		const char *l = init_ns[i].link;
		struct nsc_nsid got;
		struct nstree_fh fh;
		__u64 id;
		int fd;

		if (!have_type(l))
			continue;
		fd = nsc_ns_open(0, l);
		ASSERT_LE(0, fd);
		ASSERT_EQ(0, nsc_ns_fstat(fd, &got));
		ASSERT_EQ(0, nstree_id(fd, &id)) TH_LOG("%m");
		close(fd);
		if (got.ino != init_ns[i].ino) {
			/* not in the initial one: its id is not the fixed one */
			EXPECT_NE(init_ns[i].id, id) TH_LOG("%s", l);
			continue;
		}
		EXPECT_EQ(init_ns[i].id, id) TH_LOG("initial %s ns", l);
		/* no fd left: the id alone reopens it (it is always active) */
		nstree_id_handle(&fh, init_ns[i].id);
		fd = nstree_open_handle(&fh);
		if (nsc_in_init_userns() != 1) {
			EXPECT_EQ(-1, fd);
			EXPECT_EQ(ESTALE, errno) TH_LOG("%s from a child user ns: %m", l);
		} else {
			ASSERT_LE(0, fd) TH_LOG("initial %s ns by id: %m", l);
			ASSERT_EQ(0, nsc_ns_fstat(fd, &got));
			EXPECT_EQ(init_ns[i].ino, got.ino);
		}
		if (fd >= 0)
			close(fd);
	}
}

TEST_HARNESS_MAIN
