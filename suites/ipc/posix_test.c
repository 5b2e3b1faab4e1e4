// SPDX-License-Identifier: GPL-2.0
/*
 * IPC namespaces and POSIX IPC: message queues are per IPC ns (and an mqueue
 * mount shows its creator's ns); POSIX shm and named semaphores are files in
 * /dev/shm and not isolated at all. Source: ipc_namespaces(7), mq_overview(7),
 * shm_overview(7), sem_overview(7).
 *
 * Queues are made only inside a throwaway IPC ns; /dev/shm files only on a
 * tmpfs mounted in a private mount ns.
 */
#include <dirent.h>
#include <mqueue.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "nsc_harness.h"
#include "ipc_util.h"

FIXTURE(posix) {
	struct nsc_child child;
	ino_t ipc_p;
	char name[64];		/* "/nsc-ipc-PID-N" */
	mqd_t mq;
};

FIXTURE_VARIANT(posix) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(posix);

FIXTURE_SETUP(posix)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	self->mq = (mqd_t)-1;
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_EQ(0, nsc_unshare_checked(CLONE_NEWIPC))
		TH_LOG("unshare(CLONE_NEWIPC) (EEXIST: ipc link unchanged): %m");
	self->ipc_p = nsc_ns_ino(0, "ipc");
	nsc_uniq(self->name, sizeof(self->name), "/nsc-ipc-");
}

FIXTURE_TEARDOWN(posix)
{
	nsc_child_kill(&self->child);
	if (self->mq != (mqd_t)-1) {
		mq_close(self->mq);
		mq_unlink(self->name);
	}
}

static int mq_absent(int sock, void *arg)
{
	errno = 0;
	CHILD_ASSERT(mq_open((const char *)arg, O_RDONLY) == (mqd_t)-1 &&
		     errno == ENOENT, "mq_open(%s) in the new ns: errno %d",
		     (const char *)arg, errno);
	return 0;
}

NSC_RULES(ipc_08_mqueue_invisible_in_other_ns, "IPC-08");
TEST_F(posix, ipc_08_mqueue_invisible_in_other_ns)
{
	mqd_t q;

	self->mq = mq_open(self->name, O_CREAT | O_EXCL | O_RDWR, 0600, NULL);
	ASSERT_NE((mqd_t)-1, self->mq) TH_LOG("mq_open(%s): %m", self->name);
	ASSERT_CHILD_START_HELD(&self->child, CLONE_NEWIPC, mq_absent, self->name);
	ASSERT_NE(self->ipc_p, nsc_ns_ino(self->child.pid, "ipc"));
	ASSERT_EQ(0, nsc_child_release(&self->child)) TH_LOG("%m");
	ASSERT_CHILD_OK(&self->child);
	q = mq_open(self->name, O_RDONLY);
	EXPECT_NE((mqd_t)-1, q) TH_LOG("P lost its own queue: %m");
	mq_close(q);
}

/* Names in an mqueue mount directory, joined with ','. */
static int list_dir(const char *path, char *buf, size_t len)
{
	DIR *d = opendir(path);
	struct dirent *e;
	size_t used = 0;

	if (!d)
		return -1;
	buf[0] = 0;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			used += snprintf(buf + used, len - used, "%s%s",
					 used ? "," : "", e->d_name);
	closedir(d);
	return 0;
}

/* Child in new IPC + mount ns: mounts mqueue, makes its own queue. */
static int mount_mqueue(int sock, void *arg)
{
	const char *mine = arg;
	char list[512];
	mqd_t q;

	CHILD_ASSERT(!nsc_sandbox_tmpfs("/tmp"), "tmpfs on /tmp: %m");
	CHILD_ASSERT(!mkdir("/tmp/mq", 0755), "%m");
	CHILD_ASSERT(!mount("mqueue", "/tmp/mq", "mqueue", 0, NULL), "%m");
	q = mq_open(mine, O_CREAT | O_EXCL | O_RDWR, 0600, NULL);
	CHILD_ASSERT(q != (mqd_t)-1, "mq_open(%s): %m", mine);
	CHILD_ASSERT(!list_dir("/tmp/mq", list, sizeof(list)), "%m");
	CHILD_ASSERT(!strcmp(list, mine + 1), "mount lists '%s', want '%s'",
		     list, mine + 1);
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

NSC_RULES(ipc_09_mqueue_mount_shows_mounter_ns, "IPC-09");
TEST_F(posix, ipc_09_mqueue_mount_shows_mounter_ns)
{
	char child_q[80], path[64], list[512];

	self->mq = mq_open(self->name, O_CREAT | O_EXCL | O_RDWR, 0600, NULL);
	ASSERT_NE((mqd_t)-1, self->mq) TH_LOG("mq_open(%s): %m", self->name);
	snprintf(child_q, sizeof(child_q), "%s-child", self->name);
	ASSERT_CHILD_START(&self->child, CLONE_NEWIPC, mount_mqueue, child_q);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_NE(self->ipc_p, nsc_ns_ino(self->child.pid, "ipc"));
	/* read the child's mount from P: it still shows the child's ns */
	snprintf(path, sizeof(path), "/proc/%d/root/tmp/mq", self->child.pid);
	ASSERT_EQ(0, list_dir(path, list, sizeof(list))) TH_LOG("%s: %m", path);
	EXPECT_STREQ(child_q + 1, list);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/* Child in a new IPC ns, same mount ns: opens P's POSIX shm and semaphore. */
static int open_posix_objects(int sock, void *arg)
{
	const char *name = arg;
	char *p;
	sem_t *s;
	int fd, v = -1;

	fd = shm_open(name, O_RDWR, 0);
	CHILD_ASSERT(fd >= 0, "shm_open(%s) in the new IPC ns: %m", name);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHILD_ASSERT(p != MAP_FAILED, "%m");
	CHILD_ASSERT(!strcmp(p, "from-P"), "shm holds '%.16s'", p);
	strcpy(p, "from-child");
	s = sem_open(name, 0);
	CHILD_ASSERT(s != SEM_FAILED, "sem_open(%s) in the new IPC ns: %m", name);
	CHILD_ASSERT(!sem_getvalue(s, &v) && v == 3, "value %d: %m", v);
	CHILD_ASSERT(!sem_post(s), "%m");
	return 0;
}

NSC_RULES(ipc_16_posix_shm_and_sem_not_isolated, "IPC-16");
TEST_F(posix, ipc_16_posix_shm_and_sem_not_isolated)
{
	sem_t *s;
	char *p;
	int fd, v = -1;

	ASSERT_EQ(0, nsc_sandbox_tmpfs("/dev/shm")) TH_LOG("tmpfs on /dev/shm: %m");
	fd = shm_open(self->name, O_CREAT | O_EXCL | O_RDWR, 0600);
	ASSERT_LE(0, fd) TH_LOG("shm_open(%s): %m", self->name);
	ASSERT_EQ(0, ftruncate(fd, 4096));
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, p) TH_LOG("%m");
	strcpy(p, "from-P");
	s = sem_open(self->name, O_CREAT | O_EXCL, 0600, 3);
	ASSERT_NE(SEM_FAILED, s) TH_LOG("sem_open(%s): %m", self->name);
	ASSERT_CHILD_START_HELD(&self->child, CLONE_NEWIPC, open_posix_objects,
			   self->name);
	ASSERT_NE(self->ipc_p, nsc_ns_ino(self->child.pid, "ipc"));
	ASSERT_EQ(0, nsc_child_release(&self->child)) TH_LOG("%m");
	ASSERT_CHILD_OK(&self->child);
	EXPECT_STREQ("from-child", p);
	EXPECT_EQ(0, sem_getvalue(s, &v));
	EXPECT_EQ(4, v);
}

TEST_HARNESS_MAIN
