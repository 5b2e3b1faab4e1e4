// SPDX-License-Identifier: GPL-2.0
/*
 * ipcmk(1), ipcs(1), ipcrm(1) inside and across IPC namespaces. The tools
 * run in a child in a new IPC ns; the objects are checked with msgctl,
 * shmctl and semctl there; their keys must be unknown in our IPC ns.
 * (Comparing the whole of our /proc/sysvipc would be wrong: other programs
 * may create objects in the host's IPC ns meanwhile.)
 * Source: ipcmk(1), ipcs(1), ipcrm(1), ipc_namespaces(7).
 */
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "nsc_harness.h"
#include "tools_util.h"

/* Id printed by ipcmk ("Message queue id: 3"), or -1. */
static int ipcmk_id(const char *out)
{
	const char *p = strstr(out, " id: ");

	return p ? atoi(p + 5) : -1;
}

/* The ipcs table row for id: owner, octal perms and the 5th column. */
struct ipcs_row {
	char owner[32];
	unsigned int perms;
	long col5;
};

static int ipcs_find(const char *out, int id, struct ipcs_row *row)
{
	char line[256], key[32];
	int n = 0, i_id;

	for (int i = 0; !nth_line(out, i, line, sizeof(line)); i++)
		if (sscanf(line, "%31s %d %31s %o %ld", key, &i_id, row->owner,
			   &row->perms, &row->col5) == 5 &&
		    !strncmp(key, "0x", 2) && i_id == id)
			n++;
	return n;
}

/* Data rows (key 0x...) of an ipcs table. */
static int ipcs_rows(const char *out)
{
	char line[256];
	int n = 0;

	for (int i = 0; !nth_line(out, i, line, sizeof(line)); i++)
		n += !strncmp(line, "0x", 2);
	return n;
}

FIXTURE(ipc_tools) {
	struct nsc_child c;
};

FIXTURE_VARIANT(ipc_tools) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(ipc_tools);

FIXTURE_SETUP(ipc_tools)
{
	self->c = (struct nsc_child)NSC_CHILD_INIT;
	NSC_REQUIRE(nsc_need_tool("ipcmk"));
	NSC_REQUIRE(nsc_need_tool("ipcs"));
	NSC_REQUIRE(nsc_need_tool("ipcrm"));
	NSC_ENTER_PRIV(variant->priv);
}

FIXTURE_TEARDOWN(ipc_tools)
{
	nsc_child_kill(&self->c);
}

static int queue_child(int sock, void *arg)
{
	struct msqid_ds ds;
	struct ipcs_row row;
	struct nsc_run r;
	int id;

	CHILD_ASSERT(nsc_ns_ino(0, "ipc") != *(const ino_t *)arg,
		     "child shares the parent's IPC ns");

	CHILD_ASSERT(!nsc_run(&r, "ipcmk", "-Q", NULL) && !r.exit_code,
		     "ipcmk -Q: %s", r.err);
	id = ipcmk_id(r.out);
	CHILD_ASSERT(id >= 0, "ipcmk printed '%s'", r.out);
	CHILD_ASSERT(!msgctl(id, IPC_STAT, &ds), "msgctl(%d): %m", id);
	CHILD_ASSERT((ds.msg_perm.mode & 0777) == 0644, "mode %o", ds.msg_perm.mode);
	/* let the parent look for our key in its own IPC ns */
	CHILD_ASSERT(!nsc_send_buf(sock, &ds.msg_perm.__key, sizeof(key_t)), "%m");
	CHILD_ASSERT(nsc_recv_byte(sock) == 'c', "parent gone");
	CHILD_ASSERT(!nsc_run(&r, "ipcs", "-q", NULL) && !r.exit_code, "%s", r.err);
	CHILD_ASSERT(ipcs_find(r.out, id, &row) == 1, "ipcs -q:\n%s", r.out);
	CHILD_ASSERT(row.perms == 0644 && !strcmp(row.owner, "root"),
		     "owner %s perms %o", row.owner, row.perms);
	CHILD_ASSERT(!nsc_run(&r, "unshare", "-i", "ipcs", "-q", NULL) &&
		     !r.exit_code, "%s", r.err);
	CHILD_ASSERT(ipcs_rows(r.out) == 0, "new IPC ns lists:\n%s", r.out);
	{
		char ids[16];

		snprintf(ids, sizeof(ids), "%d", id);
		CHILD_ASSERT(!nsc_run(&r, "ipcrm", "-q", ids, NULL) && !r.exit_code,
			     "ipcrm: %s", r.err);
	}
	errno = 0;
	CHILD_ASSERT(msgctl(id, IPC_STAT, &ds) == -1 && errno == EINVAL,
		     "queue %d after ipcrm: errno %d", id, errno);
	return 0;
}

NSC_RULES(tools_30_ipcmk_queue_seen_only_in_its_ns, "TOOLS-30");
NSC_REQUIRES(tools_30_ipcmk_queue_seen_only_in_its_ns, NSC_TOOL("unshare"));
TEST_F(ipc_tools, tools_30_ipcmk_queue_seen_only_in_its_ns)
{
	ino_t mine = nsc_ns_ino(0, "ipc");

	key_t key;

	ASSERT_CHILD_START(&self->c, CLONE_NEWIPC, queue_child, &mine);
	ASSERT_EQ(sizeof(key), nsc_recv_buf(self->c.sock, &key, sizeof(key)))
		TH_LOG("child made no queue");
	/* while it exists there, its key is unknown here (IPC_PRIVATE would
	 * create one, so never look that up) */
	ASSERT_NE(IPC_PRIVATE, key);
	errno = 0;
	EXPECT_EQ(-1, msgget(key, 0)) TH_LOG("key %#x visible outside", key);
	EXPECT_EQ(ENOENT, errno);
	ASSERT_EQ(0, nsc_send_byte(self->c.sock, 'c'));
	ASSERT_CHILD_OK(&self->c);
}

static int shm_sem_child(int sock, void *arg)
{
	struct shmid_ds sds;
	struct semid_ds mds;
	struct ipcs_row row;
	struct nsc_run r;
	char ids[2][16];
	int shm, sem;

	CHILD_ASSERT(nsc_ns_ino(0, "ipc") != *(const ino_t *)arg,
		     "child shares the parent's IPC ns");

	CHILD_ASSERT(!nsc_run(&r, "ipcmk", "-M", "4096", "-p", "0600", NULL) &&
		     !r.exit_code, "ipcmk -M: %s", r.err);
	shm = ipcmk_id(r.out);
	CHILD_ASSERT(!nsc_run(&r, "ipcmk", "-S", "3", "-p", "0640", NULL) &&
		     !r.exit_code, "ipcmk -S: %s", r.err);
	sem = ipcmk_id(r.out);
	CHILD_ASSERT(shm >= 0 && sem >= 0, "ids %d %d", shm, sem);
	CHILD_ASSERT(!shmctl(shm, IPC_STAT, &sds), "shmctl(%d): %m", shm);
	CHILD_ASSERT(sds.shm_segsz == 4096 && (sds.shm_perm.mode & 0777) == 0600,
		     "shm size %zu mode %o", sds.shm_segsz, sds.shm_perm.mode);
	CHILD_ASSERT(!semctl(sem, 0, IPC_STAT, &mds), "semctl(%d): %m", sem);
	CHILD_ASSERT(mds.sem_nsems == 3 && (mds.sem_perm.mode & 0777) == 0640,
		     "nsems %lu mode %o", (unsigned long)mds.sem_nsems,
		     mds.sem_perm.mode);
	{
		key_t keys[2] = { sds.shm_perm.__key, mds.sem_perm.__key };

		CHILD_ASSERT(!nsc_send_buf(sock, keys, sizeof(keys)), "%m");
		CHILD_ASSERT(nsc_recv_byte(sock) == 'c', "parent gone");
	}

	CHILD_ASSERT(!nsc_run(&r, "ipcs", "-m", NULL) && !r.exit_code, "%s", r.err);
	CHILD_ASSERT(ipcs_find(r.out, shm, &row) == 1 && row.perms == 0600 &&
		     row.col5 == 4096, "ipcs -m:\n%s", r.out);
	CHILD_ASSERT(!nsc_run(&r, "ipcs", "-s", NULL) && !r.exit_code, "%s", r.err);
	CHILD_ASSERT(ipcs_find(r.out, sem, &row) == 1 && row.perms == 0640 &&
		     row.col5 == 3, "ipcs -s:\n%s", r.out);
	CHILD_ASSERT(!nsc_run(&r, "unshare", "-i", "ipcs", "-m", "-s", NULL) &&
		     !r.exit_code, "%s", r.err);
	CHILD_ASSERT(ipcs_rows(r.out) == 0, "new IPC ns lists:\n%s", r.out);

	snprintf(ids[0], sizeof(ids[0]), "%d", shm);
	snprintf(ids[1], sizeof(ids[1]), "%d", sem);
	CHILD_ASSERT(!nsc_run(&r, "ipcrm", "-m", ids[0], "-s", ids[1], NULL) &&
		     !r.exit_code, "ipcrm: %s", r.err);
	errno = 0;
	CHILD_ASSERT(shmctl(shm, IPC_STAT, &sds) == -1 && errno == EINVAL,
		     "shm %d after ipcrm: errno %d", shm, errno);
	errno = 0;
	CHILD_ASSERT(semctl(sem, 0, IPC_STAT, &mds) == -1 && errno == EINVAL,
		     "sem %d after ipcrm: errno %d", sem, errno);
	return 0;
}

NSC_RULES(tools_31_ipcmk_shm_sem_mode_and_ipcrm, "TOOLS-31");
NSC_REQUIRES(tools_31_ipcmk_shm_sem_mode_and_ipcrm, NSC_TOOL("unshare"));
TEST_F(ipc_tools, tools_31_ipcmk_shm_sem_mode_and_ipcrm)
{
	ino_t mine = nsc_ns_ino(0, "ipc");

	key_t keys[2];

	ASSERT_CHILD_START(&self->c, CLONE_NEWIPC, shm_sem_child, &mine);
	ASSERT_EQ(sizeof(keys), nsc_recv_buf(self->c.sock, keys, sizeof(keys)))
		TH_LOG("child made no shm/sem");
	ASSERT_NE(IPC_PRIVATE, keys[0]);
	ASSERT_NE(IPC_PRIVATE, keys[1]);
	errno = 0;
	EXPECT_EQ(-1, shmget(keys[0], 0, 0)) TH_LOG("shm key %#x visible outside", keys[0]);
	EXPECT_EQ(ENOENT, errno);
	errno = 0;
	EXPECT_EQ(-1, semget(keys[1], 0, 0)) TH_LOG("sem key %#x visible outside", keys[1]);
	EXPECT_EQ(ENOENT, errno);
	ASSERT_EQ(0, nsc_send_byte(self->c.sock, 'c'));
	ASSERT_CHILD_OK(&self->c);
}

TEST_HARNESS_MAIN
