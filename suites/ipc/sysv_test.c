// SPDX-License-Identifier: GPL-2.0
/*
 * IPC namespaces: isolation of System V message queues, shared memory and
 * semaphore sets. Source: ipc_namespaces(7), sysvipc(7), unshare(2),
 * setns(2), user_namespaces(7).
 *
 * Each test runs in its own throwaway IPC namespace ("P", made in setup), so
 * the objects it creates never reach the host's ipcs(1) and vanish with P.
 */

#include "nsc_harness.h"
#include "ipc_util.h"

FIXTURE(sysv) {
	struct nsc_child child;
	ino_t ipc_p;		/* inode of the throwaway parent ns P */
};

FIXTURE_VARIANT(sysv) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(sysv);

FIXTURE_SETUP(sysv)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_EQ(0, nsc_unshare_checked(CLONE_NEWIPC))
		TH_LOG("unshare(CLONE_NEWIPC) (EEXIST: ipc link unchanged): %m");
	self->ipc_p = nsc_ns_ino(0, "ipc");
}

FIXTURE_TEARDOWN(sysv)
{
	nsc_child_kill(&self->child);
}

/* Child in a new IPC ns: none of P's objects is reachable by key or id. */
struct probe_arg {
	enum ipc_kind kind;
	key_t key;
	int id;
};

static int probe_absent(int sock, void *arg)
{
	const struct probe_arg *a = arg;
	const char *k = ipc_kind_name[a->kind];

	errno = 0;
	CHILD_ASSERT(ipc_get(a->kind, a->key, 0) == -1 && errno == ENOENT,
		     "%sget(key %#x) in the new ns: errno %d (want ENOENT)",
		     k, a->key, errno);
	errno = 0;
	CHILD_ASSERT(ipc_stat(a->kind, a->id) == -1 && errno == EINVAL,
		     "%s IPC_STAT(id %d) in the new ns: errno %d (want EINVAL)",
		     k, a->id, errno);
	return 0;
}

static void check_invisible(struct __test_metadata *_metadata,
			    FIXTURE_DATA(sysv) *self, enum ipc_kind kind)
{
	struct probe_arg a = { kind, ipc_key(kind), -1 };

	a.id = ipc_get(kind, a.key, IPC_CREAT | IPC_EXCL | 0600);
	ASSERT_LE(0, a.id) TH_LOG("%sget(IPC_CREAT) in P: %m", ipc_kind_name[kind]);
	ASSERT_CHILD_START_HELD(&self->child, CLONE_NEWIPC, probe_absent, &a);
	ASSERT_NE(self->ipc_p, nsc_ns_ino(self->child.pid, "ipc"))
		TH_LOG("the child is not in a new IPC namespace");
	ASSERT_EQ(0, nsc_child_release(&self->child)) TH_LOG("%m");
	ASSERT_CHILD_OK(&self->child);
	/* the object is still there for P */
	EXPECT_EQ(a.id, ipc_get(kind, a.key, 0));
	EXPECT_EQ(0, ipc_stat(kind, a.id)) TH_LOG("%m");
}

NSC_RULES(ipc_01_msg_queue_invisible_in_other_ns, "IPC-01");
TEST_F(sysv, ipc_01_msg_queue_invisible_in_other_ns)
{
	check_invisible(_metadata, self, IPC_MSG);
}

NSC_RULES(ipc_02_shm_invisible_in_other_ns, "IPC-02");
TEST_F(sysv, ipc_02_shm_invisible_in_other_ns)
{
	check_invisible(_metadata, self, IPC_SHM);
}

NSC_RULES(ipc_02_sem_invisible_in_other_ns, "IPC-02");
TEST_F(sysv, ipc_02_sem_invisible_in_other_ns)
{
	check_invisible(_metadata, self, IPC_SEM);
}

/* Member of P (no unshare) or a joiner: finds the queue and its message. */
static int find_queue(int sock, void *arg)
{
	const struct probe_arg *a = arg;
	struct { long type; char text[16]; } m;
	int fd, id;

	if (nsc_recv_byte(sock) == 'j') {	/* joiner: setns() first */
		fd = nsc_recv_fd(sock);
		CHILD_ASSERT(fd >= 0, "%m");
		CHILD_ASSERT(!setns(fd, CLONE_NEWIPC), "%m");
		close(fd);
	}
	id = msgget(a->key, 0);
	CHILD_ASSERT(id == a->id, "msgget(%#x) = %d (%m), want %d", a->key, id, a->id);
	CHILD_ASSERT(ipc_proc_count(IPC_MSG) == 1, "/proc/sysvipc/msg lists %d",
		     ipc_proc_count(IPC_MSG));
	CHILD_ASSERT(msgrcv(id, &m, sizeof(m.text), 0, IPC_NOWAIT) > 0, "%m");
	CHILD_ASSERT(!strcmp(m.text, "nsc"), "message '%s'", m.text);
	return 0;
}

static int make_queue_and_wait(int sock, void *arg)
{
	const struct probe_arg *a = arg;
	struct { long type; char text[16]; } m = { 1, "nsc" };
	int id = msgget(a->key, IPC_CREAT | IPC_EXCL | 0600);

	CHILD_ASSERT(id >= 0, "%m");
	CHILD_ASSERT(!msgsnd(id, &m, sizeof(m.text), 0), "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

/* The ipcmk demo: what one member makes (ipcmk -Q) the other sees (ipcs -q). */
NSC_RULES(ipc_03_members_share_queue, "IPC-03");
TEST_F(sysv, ipc_03_members_share_queue)
{
	struct probe_arg a = { IPC_MSG, ipc_key(3), -1 };
	struct { long type; char text[16]; } m = { 1, "nsc" };

	a.id = msgget(a.key, IPC_CREAT | IPC_EXCL | 0600);
	ASSERT_LE(0, a.id) TH_LOG("%m");
	ASSERT_EQ(0, msgsnd(a.id, &m, sizeof(m.text), 0)) TH_LOG("%m");
	ASSERT_CHILD_START(&self->child, 0, find_queue, &a);
	ASSERT_EQ(self->ipc_p, nsc_ns_ino(self->child.pid, "ipc"));
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'm'));
	ASSERT_CHILD_OK(&self->child);
}

NSC_RULES(ipc_03_joiner_shares_queue, "IPC-03");
TEST_F(sysv, ipc_03_joiner_shares_queue)
{
	struct nsc_child j = NSC_CHILD_INIT;
	struct probe_arg a = { IPC_MSG, ipc_key(3), 0 };
	int fd;

	ASSERT_CHILD_START(&self->child, CLONE_NEWIPC, make_queue_and_wait, &a);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_NE(self->ipc_p, nsc_ns_ino(self->child.pid, "ipc"));
	/* P itself has no such queue */
	EXPECT_EQ(-1, msgget(a.key, 0));
	fd = nsc_ns_open(self->child.pid, "ipc");
	ASSERT_LE(0, fd) TH_LOG("%m");
	ASSERT_EQ(0, nsc_child_start(&j, 0, find_queue, &a)) TH_LOG("%m");
	EXPECT_EQ(0, nsc_send_byte(j.sock, 'j'));
	EXPECT_EQ(0, nsc_send_fd(j.sock, fd));
	close(fd);
	EXPECT_EQ(0, nsc_child_wait(&j));
	nsc_child_kill(&j);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/* Child: creates the same key exclusively and fills it with its own data. */
static int same_key(int sock, void *arg)
{
	const struct probe_arg *a = arg;
	int id = shmget(a->key, 4096, IPC_CREAT | IPC_EXCL | 0600);
	char *p;

	CHILD_ASSERT(id >= 0, "shmget(%#x, IPC_EXCL) in the new ns: %m", a->key);
	CHILD_ASSERT(id == a->id, "first id in a fresh ns is %d, P's first is %d",
		     id, a->id);
	p = shmat(id, NULL, 0);
	CHILD_ASSERT(p != (void *)-1, "%m");
	CHILD_ASSERT(p[0] == 0, "the new segment holds P's data");
	strcpy(p, "child");
	shmdt(p);
	return 0;
}

NSC_RULES(ipc_04_same_key_two_objects, "IPC-04");
TEST_F(sysv, ipc_04_same_key_two_objects)
{
	struct probe_arg a = { IPC_SHM, ipc_key(4), -1 };
	char *p;

	/* P is fresh too, so this is its first object */
	a.id = shmget(a.key, 4096, IPC_CREAT | IPC_EXCL | 0600);
	ASSERT_LE(0, a.id) TH_LOG("%m");
	p = shmat(a.id, NULL, 0);
	ASSERT_NE((void *)-1, p) TH_LOG("%m");
	strcpy(p, "parent");
	ASSERT_CHILD_RUN(CLONE_NEWIPC, same_key, &a);
	EXPECT_STREQ("parent", p);
	shmdt(p);
}

static int count_all(int sock, void *arg)
{
	for (int k = 0; k < IPC_KIND_COUNT; k++)
		CHILD_ASSERT(ipc_proc_count(k) == 0, "/proc/sysvipc/%s lists %d",
			     ipc_kind_name[k], ipc_proc_count(k));
	return 0;
}

NSC_RULES(ipc_05_proc_sysvipc_lists_own_ns, "IPC-05");
TEST_F(sysv, ipc_05_proc_sysvipc_lists_own_ns)
{
	int ids[IPC_KIND_COUNT];

	for (int k = 0; k < IPC_KIND_COUNT; k++) {
		ids[k] = ipc_get(k, ipc_key(k), IPC_CREAT | 0600);
		ASSERT_LE(0, ids[k]) TH_LOG("%s: %m", ipc_kind_name[k]);
		ASSERT_EQ(1, ipc_proc_count(k)) TH_LOG("%s", ipc_kind_name[k]);
	}
	ASSERT_CHILD_RUN(CLONE_NEWIPC, count_all, NULL);
	for (int k = 0; k < IPC_KIND_COUNT; k++) {
		EXPECT_EQ(1, ipc_proc_count(k)) TH_LOG("%s", ipc_kind_name[k]);
	}
}

/* Child: semop(+1, SEM_UNDO) in P, then unshare(CLONE_NEWIPC) and stay. */
static int undo_then_unshare(int sock, void *arg)
{
	struct sembuf op = { 0, 1, SEM_UNDO };
	int id = *(int *)arg;

	CHILD_ASSERT(!semop(id, &op, 1), "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'a'), "%m");
	CHILD_ASSERT(nsc_recv_byte(sock) == 'u', "no go-ahead");
	CHILD_ASSERT(!unshare(CLONE_NEWIPC), "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'u'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

NSC_RULES(ipc_14_unshare_applies_sem_undo, "IPC-14");
TEST_F(sysv, ipc_14_unshare_applies_sem_undo)
{
	int id = semget(IPC_PRIVATE, 1, 0600);

	ASSERT_LE(0, id) TH_LOG("%m");
	ASSERT_CHILD_START(&self->child, 0, undo_then_unshare, &id);
	ASSERT_EQ('a', nsc_recv_byte(self->child.sock));
	ASSERT_EQ(1, semctl(id, 0, GETVAL)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'u'));
	ASSERT_EQ('u', nsc_recv_byte(self->child.sock));
	ASSERT_NE(self->ipc_p, nsc_ns_ino(self->child.pid, "ipc"));
	/* the child is alive, yet its adjustment has been undone */
	EXPECT_EQ(0, semctl(id, 0, GETVAL)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/* Child in P: attaches P's segment, joins the target ns, uses both. */
struct join_arg {
	int shm_id;
	key_t target_key;
};

static int attach_then_join(int sock, void *arg)
{
	const struct join_arg *a = arg;
	char *p = shmat(a->shm_id, NULL, 0);
	int fd;

	CHILD_ASSERT(p != (void *)-1, "%m");
	fd = nsc_recv_fd(sock);
	CHILD_ASSERT(fd >= 0, "%m");
	CHILD_ASSERT(!setns(fd, CLONE_NEWIPC), "%m");
	CHILD_ASSERT(msgget(a->target_key, 0) >= 0,
		     "target's queue not visible after setns: %m");
	errno = 0;
	CHILD_ASSERT(shmctl(a->shm_id, IPC_STAT, &(struct shmid_ds){0}) == -1 &&
		     errno == EINVAL, "P's segment still reachable by id");
	strcpy(p, "written-after-setns");
	return shmdt(p) ? 1 : 0;
}

NSC_RULES(ipc_15_setns_keeps_attached_shm, "IPC-15");
TEST_F(sysv, ipc_15_setns_keeps_attached_shm)
{
	struct probe_arg t = { IPC_MSG, ipc_key(15), 0 };
	struct nsc_child j = NSC_CHILD_INIT;
	struct join_arg a = { -1, t.key };
	char *p;
	int fd;

	a.shm_id = shmget(IPC_PRIVATE, 4096, 0600);
	ASSERT_LE(0, a.shm_id) TH_LOG("%m");
	ASSERT_CHILD_START(&self->child, CLONE_NEWIPC, make_queue_and_wait, &t);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	fd = nsc_ns_open(self->child.pid, "ipc");
	ASSERT_LE(0, fd) TH_LOG("%m");
	ASSERT_EQ(0, nsc_child_start(&j, 0, attach_then_join, &a)) TH_LOG("%m");
	EXPECT_EQ(0, nsc_send_fd(j.sock, fd));
	close(fd);
	EXPECT_EQ(0, nsc_child_wait(&j));
	nsc_child_kill(&j);
	p = shmat(a.shm_id, NULL, SHM_RDONLY);
	ASSERT_NE((void *)-1, p) TH_LOG("%m");
	EXPECT_STREQ("written-after-setns", p);
	shmdt(p);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/* Child: unshare(CLONE_NEWUSER) only (no map), then IPC_STAT P's queue. */
static int stat_unmapped(int sock, void *arg)
{
	int id = *(int *)arg, ouid = nsc_overflow_uid(), ogid = nsc_overflow_gid();
	char buf[4096], *line;
	struct msqid_ds ds;
	unsigned int puid = 0;

	CHILD_ASSERT(!unshare(CLONE_NEWUSER), "%m");
	CHILD_ASSERT(!msgctl(id, IPC_STAT, &ds), "%m");
	CHILD_ASSERT((int)ds.msg_perm.uid == ouid && (int)ds.msg_perm.cuid == ouid,
		     "uid %u cuid %u, want %d", ds.msg_perm.uid,
		     ds.msg_perm.cuid, ouid);
	CHILD_ASSERT((int)ds.msg_perm.gid == ogid, "gid %u", ds.msg_perm.gid);
	CHILD_ASSERT(nsc_read_file("/proc/sysvipc/msg", buf, sizeof(buf)) > 0, "%m");
	line = strchr(buf, '\n');
	/* key msqid perms cbytes qnum lspid lrpid uid */
	CHILD_ASSERT(line && sscanf(line + 1, "%*d %*d %*o %*u %*u %*d %*d %u",
				    &puid) == 1, "%s", buf);
	CHILD_ASSERT((int)puid == ouid, "/proc/sysvipc/msg uid %u", puid);
	return 0;
}

NSC_RULES(ipc_17_unmapped_owner_shows_overflow_id, "IPC-17");
TEST_F(sysv, ipc_17_unmapped_owner_shows_overflow_id)
{
	int id = msgget(ipc_key(7), IPC_CREAT | IPC_EXCL | 0644);

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_LE(0, id) TH_LOG("%m");
	ASSERT_CHILD_RUN(0, stat_unmapped, &id);
}

/* As an unprivileged uid: a fresh user ns + IPC ns, create and remove. */
static int unpriv_create_remove(int sock, void *arg)
{
	int id;

	CHILD_ASSERT(!nsc_drop_to_nobody(), "%m");
	CHILD_ASSERT(!nsc_unshare_userns_root(CLONE_NEWIPC), "%m");
	for (int k = 0; k < IPC_KIND_COUNT; k++) {
		id = ipc_get(k, ipc_key(k), IPC_CREAT | IPC_EXCL | 0600);
		CHILD_ASSERT(id >= 0, "%sget: %m", ipc_kind_name[k]);
		CHILD_ASSERT(!ipc_rmid(k, id), "%s IPC_RMID: %m", ipc_kind_name[k]);
		errno = 0;
		CHILD_ASSERT(ipc_get(k, ipc_key(k), 0) == -1 && errno == ENOENT,
			     "%s still there after IPC_RMID", ipc_kind_name[k]);
	}
	return 0;
}

NSC_RULES(ipc_17_userns_root_creates_and_removes, "IPC-17");
NSC_REQUIRES(ipc_17_userns_root_creates_and_removes, NSC_USERNS);
TEST(ipc_17_userns_root_creates_and_removes)
{
	struct nsc_child c = NSC_CHILD_INIT;

	ASSERT_CHILD_START(&c, 0, unpriv_create_remove, NULL);
	ASSERT_CHILD_OK(&c);
}

TEST_HARNESS_MAIN
