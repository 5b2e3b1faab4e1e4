// SPDX-License-Identifier: GPL-2.0
/*
 * Active namespace references (6.19): a namespace is "active" while
 * something uses it -- a task, an open nsfs fd, an active namespace it
 * owns -- and only an active namespace is listed by listns() or reopened
 * by an nsfs file handle. A namespace that is merely alive (a bind mount,
 * a socket) stays in the tree but inactive.
 * Source: tools/testing/selftests/namespaces/ns_active_ref_test.c,
 * cred_change_test.c, stress_test.c; kernel/nscommon.c.
 */
#include <pthread.h>
#include <sys/mount.h>

#include "nsc_harness.h"
#include "nstree_util.h"

FIXTURE(active) {
	struct nsc_child child;
	struct nstree_fh fh;	/* handle of the namespace under test */
	struct nsc_nsid nsid;
	__u64 id;
	int fd;
};

FIXTURE_VARIANT(active) {
	const struct nsc_nstype *type;
};

/* Only a caller that may see every namespace can watch one that it is
 * not a member of (nstree_need_see_all): no user-ns flavour. */
NSC_NSTYPE_VARIANTS(active);

FIXTURE_SETUP(active)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	self->fd = -EBADF;
	NSC_REQUIRE(nsc_need_nstype(variant->type));
	NSC_REQUIRE(nstree_need_listns());
	NSC_REQUIRE(nstree_need_see_all());
}

FIXTURE_TEARDOWN(active)
{
	if (self->fd >= 0)
		close(self->fd);
	nsc_child_kill(&self->child);
}

/* In a new user ns: wait for the parent to write our maps (an unmapped
 * euid may not create a user ns), then nest one more. */
static int nested_user_park(int sock, void *arg)
{
	CHILD_ASSERT(nsc_recv_byte(sock) == 'm', "no maps");
	CHILD_ASSERT(!unshare(CLONE_NEWUSER), "%m");
	return nsc_child_park(sock, arg);
}

static void map_child(struct __test_metadata *_metadata, struct nsc_child *c)
{
	ASSERT_EQ(0, nsc_map_root_to(c->pid, geteuid(), getegid())) TH_LOG("maps: %m");
	ASSERT_EQ(0, nsc_send_byte(c->sock, 'm'));
}

/*
 * Starts a child in a new namespace of the variant's type (with
 * CLONE_NEWUSER too when owner_too: then the namespace is owned by the
 * child's new user ns, a user ns nested in it for the user type), proves
 * the namespace new and owned as expected, and keeps an fd on it in
 * self->fd, its id, handle and identity in self.
 */
static void start_ns(struct __test_metadata *_metadata,
		     FIXTURE_DATA(active) *self,
		     const FIXTURE_VARIANT(active) *variant, bool owner_too)
{
	const struct nsc_nstype *t = variant->type;
	bool user = t->flag == CLONE_NEWUSER;
	uint64_t flags = owner_too ? CLONE_NEWUSER | (user ? 0 : t->flag) : t->flag;
	struct nsc_nsid mine, owner, want_owner;
	int ofd;

	ASSERT_CHILD_START(&self->child, flags,
			   owner_too && user ? nested_user_park : nsc_child_park, NULL);
	if (owner_too && user)
		map_child(_metadata, &self->child);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	self->fd = nsc_ns_open(self->child.pid, t->name);
	ASSERT_LE(0, self->fd) TH_LOG("/proc/%d/ns/%s: %m", self->child.pid, t->name);
	ASSERT_EQ(0, nsc_ns_fstat(self->fd, &self->nsid));
	ASSERT_EQ(0, nsc_ns_stat(0, t->name, &mine));
	ASSERT_FALSE(nsc_nsid_eq(&mine, &self->nsid)) TH_LOG("%s ns not new", t->name);
	/* owner: ours, or (owner_too) the child's user ns, itself new */
	ofd = ioctl(self->fd, NS_GET_USERNS);
	ASSERT_LE(0, ofd) TH_LOG("NS_GET_USERNS: %m");
	ASSERT_EQ(0, nsc_ns_fstat(ofd, &owner));
	close(ofd);
	ASSERT_EQ(0, nsc_ns_stat(0, "user", &mine));
	if (owner_too) {
		ASSERT_EQ(0, nsc_ns_stat(self->child.pid, "user", &want_owner));
		if (user) {	/* the nested one's parent is the child's first */
			int p = ioctl(self->fd, NS_GET_PARENT);

			ASSERT_LE(0, p) TH_LOG("NS_GET_PARENT: %m");
			ASSERT_EQ(0, nsc_ns_fstat(p, &want_owner));
			close(p);
		}
		ASSERT_FALSE(nsc_nsid_eq(&mine, &want_owner));
	} else {
		want_owner = mine;
	}
	ASSERT_TRUE(nsc_nsid_eq(&want_owner, &owner)) TH_LOG("%s ns has another owner", t->name);
	ASSERT_EQ(0, nstree_id(self->fd, &self->id)) TH_LOG("NS_GET_ID: %m");
	ASSERT_EQ(0, nstree_handle(self->fd, &self->fh)) TH_LOG("name_to_handle_at: %m");
}

static void end_child(struct __test_metadata *_metadata, struct nsc_child *c)
{
	ASSERT_EQ(0, nsc_send_byte(c->sock, 'x'));
	ASSERT_CHILD_OK(c);
}

/*
 * Asserts the namespace of (fh, id) is active (1) or inactive (0), as
 * listns() and open_by_handle_at() see it (both must agree); an
 * inactive namespace's handle decodes to ESTALE.
 */
#define ASSERT_ACTIVE(want, type, owner, fh, nsid, id, what) do { \
	int __err = 0, __l = nstree_listed((type), (owner), (id)); \
	int __a = nstree_active((fh), (nsid), &__err); \
	ASSERT_EQ((want), __l) TH_LOG("%s: listns() answer", (what)); \
	ASSERT_EQ((want), __a) TH_LOG("%s: decode: %s", (what), strerror(__err)); \
	if (!(want)) { \
		ASSERT_EQ(ESTALE, __err) TH_LOG("%s: decode errno", (what)); \
	} \
} while (0)

/* covers: CORE-54 */
TEST_F(active, core_54_active_while_a_task_uses_it)
{
	const struct nsc_nstype *t = variant->type;

	start_ns(_metadata, self, variant, false);
	close(self->fd);
	self->fd = -EBADF;
	ASSERT_ACTIVE(1, t->flag, 0, &self->fh, &self->nsid, self->id, "member alive");
	end_child(_metadata, &self->child);
	ASSERT_ACTIVE(0, t->flag, 0, &self->fh, &self->nsid, self->id, "last member gone");
}

/* covers: CORE-55 */
TEST_F(active, core_55_open_nsfs_fd_keeps_it_active)
{
	const struct nsc_nstype *t = variant->type;

	start_ns(_metadata, self, variant, false);
	end_child(_metadata, &self->child);
	ASSERT_ACTIVE(1, t->flag, 0, &self->fh, &self->nsid, self->id, "fd held");
	close(self->fd);
	self->fd = -EBADF;
	ASSERT_ACTIVE(0, t->flag, 0, &self->fh, &self->nsid, self->id, "fd closed");
}

/* covers: CORE-56 */
TEST_F(active, core_56_owner_userns_active_while_owned_ns_is)
{
	const struct nsc_nstype *t = variant->type;
	struct nstree_fh ufh;
	struct nsc_nsid unsid;
	__u64 uid;
	int ufd;

	start_ns(_metadata, self, variant, true);
	ufd = ioctl(self->fd, NS_GET_USERNS);
	ASSERT_LE(0, ufd) TH_LOG("NS_GET_USERNS: %m");
	ASSERT_EQ(0, nsc_ns_fstat(ufd, &unsid));
	ASSERT_EQ(0, nstree_id(ufd, &uid));
	ASSERT_EQ(0, nstree_handle(ufd, &ufh));
	close(ufd);
	end_child(_metadata, &self->child);
	/* no task in the owner, no fd on it: only the owned ns holds it */
	ASSERT_ACTIVE(1, CLONE_NEWUSER, 0, &ufh, &unsid, uid, "owner of a held ns");
	close(self->fd);
	self->fd = -EBADF;
	ASSERT_ACTIVE(0, t->flag, 0, &self->fh, &self->nsid, self->id, "owned ns released");
	ASSERT_ACTIVE(0, CLONE_NEWUSER, 0, &ufh, &unsid, uid, "owner after release");
}

/*
 * ns_active_ref_test's comment expects a bind mount to keep the namespace
 * in the tree but inactive; 7.2/7.3 count it as a user: the mounted nsfs
 * file holds an active reference until umount.
 */
/* covers: CORE-57 */
TEST_F(active, core_57_bind_mount_keeps_it_active_until_umount)
{
	const struct nsc_nstype *t = variant->type;
	const char *dir = "/tmp";	/* a fresh tmpfs over it: no host mkdir */
	char path[128], src[64];
	__u64 id2;
	int fd;

	/* our private mount ns first: the child's mnt ns must be newer than
	 * the one it is bound into */
	ASSERT_EQ(0, nsc_sandbox_tmpfs(dir)) TH_LOG("%m");
	start_ns(_metadata, self, variant, false);
	close(self->fd);
	self->fd = -EBADF;
	snprintf(path, sizeof(path), "%s/ns", dir);
	ASSERT_EQ(0, nsc_touch(path)) TH_LOG("%m");
	nsc_proc_path(src, sizeof(src), self->child.pid, "ns");
	snprintf(src + strlen(src), sizeof(src) - strlen(src), "/%s", t->name);
	ASSERT_EQ(0, mount(src, path, NULL, MS_BIND, NULL)) TH_LOG("bind %s: %m", src);
	end_child(_metadata, &self->child);
	ASSERT_ACTIVE(1, t->flag, 0, &self->fh, &self->nsid, self->id,
		      "held by a bind mount");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd) TH_LOG("%s: %m", path);
	ASSERT_EQ(0, nstree_id(fd, &id2));
	EXPECT_EQ(self->id, id2);
	close(fd);
	ASSERT_EQ(0, umount2(path, MNT_DETACH)) TH_LOG("%m");
	ASSERT_ACTIVE(0, t->flag, 0, &self->fh, &self->nsid, self->id,
		      "after umount");
}

/* ---- a namespace only a thread uses ---- */

struct thread_arg {
	int flag;
	const char *link;
	int sock;		/* the thread reports 'r' here, then waits */
	int err;
	long tid;
};

static void *thread_unshare(void *p)
{
	struct thread_arg *a = p;

	a->tid = syscall(SYS_gettid);
	a->err = unshare(a->flag) ? errno : 0;
	nsc_send_byte(a->sock, 'r');
	nsc_recv_byte(a->sock);
	return NULL;
}

/* covers: CORE-54 */
TEST(core_54_thread_only_ns_inactive_after_thread_exit)
{
	static const struct nsc_nstype *const types[] = {
		&nsc_nstypes[NSC_NS_UTS], &nsc_nstypes[NSC_NS_IPC],
		&nsc_nstypes[NSC_NS_NET], &nsc_nstypes[NSC_NS_CGROUP],
	};

	NSC_REQUIRE(nstree_need_listns());
	NSC_REQUIRE(nstree_need_see_all());
	for (size_t i = 0; i < NSC_ARRAY_SIZE(types); i++) {
		struct thread_arg a = { .flag = types[i]->flag };
		struct nsc_nsid mine, nsid;
		struct nstree_fh fh;
		char link[64];
		pthread_t th;
		int sv[2];
		__u64 id;

		if (nsc_need_nstype(types[i]))
			continue;
		ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
		a.sock = sv[1];
		ASSERT_EQ(0, pthread_create(&th, NULL, thread_unshare, &a));
		ASSERT_EQ('r', nsc_recv_byte(sv[0]));
		ASSERT_EQ(0, a.err) TH_LOG("thread unshare(%s): %s", types[i]->name,
					   strerror(a.err));
		snprintf(link, sizeof(link), "/proc/self/task/%ld/ns/%s",
			 a.tid, types[i]->name);
		{
			int fd = open(link, O_RDONLY | O_CLOEXEC);

			ASSERT_LE(0, fd) TH_LOG("%s: %m", link);
			ASSERT_EQ(0, nsc_ns_fstat(fd, &nsid));
			ASSERT_EQ(0, nstree_id(fd, &id));
			ASSERT_EQ(0, nstree_handle(fd, &fh)) TH_LOG("%m");
			close(fd);
		}
		ASSERT_EQ(0, nsc_ns_stat(0, types[i]->name, &mine));
		ASSERT_FALSE(nsc_nsid_eq(&mine, &nsid)) TH_LOG("%s: thread's ns not new", link);
		ASSERT_ACTIVE(1, types[i]->flag, 0, &fh, &nsid, id, types[i]->name);
		ASSERT_EQ(0, nsc_send_byte(sv[0], 'x'));
		ASSERT_EQ(0, pthread_join(th, NULL));
		ASSERT_EQ(0, nsc_wait_single_threaded(5000)) TH_LOG("thread still listed");
		ASSERT_ACTIVE(0, types[i]->flag, 0, &fh, &nsid, id, types[i]->name);
		close(sv[0]);
		close(sv[1]);
	}
}

/* ---- a namespace only *_for_children names ---- */

struct for_children {
	int flag;
	const char *link;	/* pid_for_children, time_for_children */
};

static int unshare_for_children_park(int sock, void *arg)
{
	const struct for_children *f = arg;

	CHILD_ASSERT(!nsc_unshare_checked(f->flag), "unshare(%#x): %m", f->flag);
	return nsc_child_park(sock, arg);
}

/*
 * After unshare(CLONE_NEWPID/NEWTIME) the caller stays where it was and
 * only names the new namespace as *_for_children; no task is in it yet.
 * It is active all the same, and inactive once that task exits.
 */
/* covers: CORE-73 */
TEST(core_73_for_children_ns_active_before_any_member)
{
	static const struct for_children fc[] = {
		{ CLONE_NEWTIME, "time_for_children" },
		{ CLONE_NEWPID, "pid_for_children" },
	};

	NSC_REQUIRE(nstree_need_listns());
	NSC_REQUIRE(nstree_need_see_all());
	for (size_t i = 0; i < NSC_ARRAY_SIZE(fc); i++) {
		struct nsc_child c = NSC_CHILD_INIT;
		struct nsc_nsid nsid, mine, member;
		struct nstree_fh fh;
		const char *plain = fc[i].flag == CLONE_NEWPID ? "pid" : "time";
		__u64 id;

		if (nsc_need_nstype(nsc_nstype_by_flag(fc[i].flag)))
			continue;
		ASSERT_CHILD_START(&c, 0, unshare_for_children_park, (void *)&fc[i]);
		ASSERT_EQ('r', nsc_recv_byte(c.sock));
		ASSERT_EQ(0, nstree_grab(c.pid, fc[i].link, &id, &fh, &nsid))
			TH_LOG("%s: %m", fc[i].link);
		ASSERT_EQ(0, nsc_ns_stat(0, plain, &mine));
		ASSERT_EQ(0, nsc_ns_stat(c.pid, plain, &member));
		ASSERT_FALSE(nsc_nsid_eq(&mine, &nsid)) TH_LOG("%s not new", fc[i].link);
		ASSERT_TRUE(nsc_nsid_eq(&mine, &member)) TH_LOG("the child moved into its %s", plain);
		ASSERT_ACTIVE(1, fc[i].flag, 0, &fh, &nsid, id, fc[i].link);
		ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
		ASSERT_CHILD_OK(&c);
		ASSERT_ACTIVE(0, fc[i].flag, 0, &fh, &nsid, id, fc[i].link);
	}
}

/* ---- credentials ---- */

static int setid_then_park(int sock, void *arg)
{
	/* wait for the maps, then remake the credentials several ways */
	CHILD_ASSERT(nsc_recv_byte(sock) == 'm', "no maps");
	CHILD_ASSERT(!setresgid(0, 0, 0), "setresgid: %m");
	CHILD_ASSERT(!setresuid(0, 0, 0), "setresuid: %m");
	CHILD_ASSERT(!setgid(0), "setgid: %m");
	CHILD_ASSERT(!setuid(0), "setuid: %m");
	CHILD_ASSERT(!setreuid(0, 0), "setreuid: %m");
	return nsc_child_park(sock, arg);
}

/* covers: CORE-58 */
TEST(core_58_setid_in_userns_leaks_no_active_ref)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct nsc_nsid mine, nsid;
	struct nstree_fh fh;
	__u64 id;

	NSC_REQUIRE(nstree_need_listns());
	NSC_REQUIRE(nstree_need_see_all());
	ASSERT_CHILD_START(&c, CLONE_NEWUSER, setid_then_park, NULL);
	ASSERT_EQ(0, nsc_ns_stat(0, "user", &mine));
	ASSERT_EQ(0, nstree_grab(c.pid, "user", &id, &fh, &nsid)) TH_LOG("%m");
	ASSERT_FALSE(nsc_nsid_eq(&mine, &nsid));
	ASSERT_EQ(0, nsc_map_root_to(c.pid, geteuid(), getegid())) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'm'));
	ASSERT_EQ('r', nsc_recv_byte(c.sock)) TH_LOG("the child's set*id calls failed");
	ASSERT_ACTIVE(1, CLONE_NEWUSER, 0, &fh, &nsid, id, "creds in use");
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
	ASSERT_CHILD_OK(&c);
	ASSERT_ACTIVE(0, CLONE_NEWUSER, 0, &fh, &nsid, id, "after set*id and exit");
}

/*
 * Many namespaces of every type made and dropped: once their tasks are
 * gone none of them is left active (a leaked active reference would keep
 * one listed).
 */
/* covers: CORE-59 */
TEST(core_59_create_destroy_returns_to_baseline)
{
	static __u64 made[64 * NSC_NS_COUNT];
	size_t nmade = 0;
	uint64_t flags = CLONE_NEWUSER;

	NSC_REQUIRE(nstree_need_listns());
	NSC_REQUIRE(nstree_need_see_all());
	flags |= nstree_built_flags();
	for (int round = 0; round < 64; round++) {
		struct nsc_child c = NSC_CHILD_INIT;

		ASSERT_CHILD_START(&c, flags, nested_user_park, NULL);
		map_child(_metadata, &c);
		ASSERT_EQ('r', nsc_recv_byte(c.sock));
		for (int i = 0; i < NSC_NS_COUNT; i++) {
			struct nsc_nsid a, b;

			if (!(flags & nsc_nstypes[i].flag))
				continue;
			ASSERT_EQ(0, nstree_grab(c.pid, nsc_nstypes[i].name, &made[nmade],
						 NULL, &a)) TH_LOG("%m");
			ASSERT_EQ(0, nsc_ns_stat(0, nsc_nstypes[i].name, &b));
			ASSERT_FALSE(nsc_nsid_eq(&a, &b));
			ASSERT_EQ(1, nstree_listed(nsc_nstypes[i].flag, 0, made[nmade]));
			nmade++;
		}
		ASSERT_EQ(0, nsc_send_byte(c.sock, 'x'));
		ASSERT_CHILD_OK(&c);
	}
	for (size_t k = 0; k < nmade; k++) {
		EXPECT_EQ(0, nstree_listed(0, 0, made[k]))
			TH_LOG("ns id %llu still active", (unsigned long long)made[k]);
	}
}

TEST_HARNESS_MAIN
