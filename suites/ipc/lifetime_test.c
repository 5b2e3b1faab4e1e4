// SPDX-License-Identifier: GPL-2.0
/*
 * Lifetime of IPC namespaces and their objects. Source: ipc_namespaces(7),
 * namespaces(7) › Namespace lifetime, mq_overview(7).
 *
 * All objects live in IPC namespaces made for the test (the test itself first
 * moves to a throwaway one), so the host's ipcs(1) never changes.
 */
#include <dirent.h>
#include <mqueue.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>

#include "nsc_harness.h"
#include "ipc_util.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

FIXTURE(life) {
	struct nsc_child child;
	int ns_fd;
	ino_t ipc_p;
};

FIXTURE_VARIANT(life) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(life);

FIXTURE_SETUP(life)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	self->ns_fd = -EBADF;
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_EQ(0, nsc_unshare_checked(CLONE_NEWIPC))
		TH_LOG("unshare(CLONE_NEWIPC) (EEXIST: ipc link unchanged): %m");
	self->ipc_p = nsc_ns_ino(0, "ipc");
}

FIXTURE_TEARDOWN(life)
{
	nsc_child_kill(&self->child);
	if (self->ns_fd >= 0)
		close(self->ns_fd);
}

/* Child in a new IPC ns: a segment of arg bytes, filled, detached. */
static int make_segment(int sock, void *arg)
{
	size_t size = *(size_t *)arg;
	int id = shmget(ipc_key(6), size, IPC_CREAT | IPC_EXCL | 0600);
	char *p;

	CHILD_ASSERT(id >= 0, "shmget(%zu): %m", size);
	p = shmat(id, NULL, 0);
	CHILD_ASSERT(p != (void *)-1, "%m");
	/* every page resident Shmem: prefault in one call where the kernel
	 * can (5.14+), then write the first and last bytes IPC-06 checks */
	if (madvise(p, size, MADV_POPULATE_WRITE))
		memset(p, 'n', size);
	p[0] = p[4095] = 'n';
	CHILD_ASSERT(!shmdt(p), "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	/* exit only once the parent has (or has not) pinned the ns */
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

/* Starts make_segment and returns once the child has exited. */
static void segment_in_dead_member(struct __test_metadata *_metadata,
				   FIXTURE_DATA(life) *self, size_t *size,
				   bool pin)
{
	ASSERT_CHILD_START(&self->child, CLONE_NEWIPC, make_segment, size);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_NE(self->ipc_p, nsc_ns_ino(self->child.pid, "ipc"));
	if (pin) {
		self->ns_fd = nsc_ns_open(self->child.pid, "ipc");
		ASSERT_LE(0, self->ns_fd) TH_LOG("%m");
	}
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

static int find_segment(int sock, void *arg)
{
	int fd = nsc_recv_fd(sock), id;
	char *p;

	CHILD_ASSERT(fd >= 0, "%m");
	CHILD_ASSERT(!setns(fd, CLONE_NEWIPC), "%m");
	id = shmget(ipc_key(6), 0, 0);
	CHILD_ASSERT(id >= 0, "segment gone after its creator exited: %m");
	p = shmat(id, NULL, SHM_RDONLY);
	CHILD_ASSERT(p != (void *)-1, "%m");
	CHILD_ASSERT(p[0] == 'n' && p[4095] == 'n', "contents lost");
	return 0;
}

NSC_RULES(ipc_06_objects_outlive_members_while_pinned, "IPC-06");
TEST_F(life, ipc_06_objects_outlive_members_while_pinned)
{
	struct nsc_child j = NSC_CHILD_INIT;
	size_t size = 4096;

	segment_in_dead_member(_metadata, self, &size, true);
	ASSERT_EQ(0, nsc_child_start(&j, 0, find_segment, NULL)) TH_LOG("%m");
	EXPECT_EQ(0, nsc_send_fd(j.sock, self->ns_fd));
	EXPECT_EQ(0, nsc_child_wait(&j));
	nsc_child_kill(&j);
}

static long shmem_kb(void)
{
	char buf[8192], *p;

	if (nsc_read_file("/proc/meminfo", buf, sizeof(buf)) < 0)
		return -1;
	p = strstr(buf, "\nShmem:");
	return p ? strtol(p + 7, NULL, 10) : -1;
}

/*
 * The segment's only way out is the namespace's death, so the memory it
 * holds measures the object's life. A 32 MiB segment stands well above the
 * noise of a busy machine (we demand 3/4 of it in each direction). The kernel frees a dead IPC
 * ns from a workqueue after an RCU grace period (ipc/namespace.c), and no
 * event tells userspace when that is done: this is the one wait the rule
 * needs, bounded at 2 s in 1 ms steps (it is usually over within ~30 ms).
 */
NSC_RULES(ipc_07_objects_die_with_ns, "IPC-07");
TEST_F(life, ipc_07_objects_die_with_ns)
{
	size_t size = 32 << 20;
	long need = (long)(size >> 10) * 3 / 4, before, pinned, now = -1;
	struct timespec step = { 0, 1000000 };

	before = shmem_kb();
	ASSERT_LE(0, before) TH_LOG("no Shmem in /proc/meminfo");
	/* pinned: the segment outlives its creator and is still charged */
	segment_in_dead_member(_metadata, self, &size, true);
	pinned = shmem_kb();
	ASSERT_GE(pinned - before, need)
		TH_LOG("Shmem %ld -> %ld kB with the segment alive", before, pinned);
	/* unpinned: the last reference goes, and the segment with it */
	close(self->ns_fd);
	self->ns_fd = -EBADF;
	for (int i = 0; i < 2000; i++) {
		now = shmem_kb();
		if (pinned - now >= need)
			break;
		clock_nanosleep(CLOCK_MONOTONIC, 0, &step, NULL);
	}
	EXPECT_GE(pinned - now, need)
		TH_LOG("Shmem %ld kB with the ns pinned, %ld kB 2 s after its death",
		       pinned, now);
}

/* Child in new IPC + mount ns: mounts mqueue, makes a queue, exits. */
static int mqueue_mount_and_exit(int sock, void *arg)
{
	mqd_t q;

	CHILD_ASSERT(!nsc_sandbox_tmpfs("/tmp"), "tmpfs on /tmp: %m");
	CHILD_ASSERT(!mkdir("/tmp/mq", 0755), "%m");
	CHILD_ASSERT(!mount("mqueue", "/tmp/mq", "mqueue", 0, NULL), "%m");
	q = mq_open("/nsc-pinned", O_CREAT | O_EXCL | O_RDWR, 0600, NULL);
	CHILD_ASSERT(q != (mqd_t)-1, "%m");
	CHILD_ASSERT(!mq_send(q, "abc", 3, 0), "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

NSC_RULES(ipc_10_mqueue_mount_keeps_queues, "IPC-10");
TEST_F(life, ipc_10_mqueue_mount_keeps_queues)
{
	char path[64], buf[256];
	struct stat st;
	int fd;

	ASSERT_CHILD_START(&self->child, CLONE_NEWIPC, mqueue_mount_and_exit, NULL);
	ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
	ASSERT_NE(self->ipc_p, nsc_ns_ino(self->child.pid, "ipc"));
	/* hold only the mount (an O_PATH fd on its root), not the ns */
	snprintf(path, sizeof(path), "/proc/%d/root/tmp/mq", self->child.pid);
	self->ns_fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, self->ns_fd) TH_LOG("%s: %m", path);
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);	/* the ns's only member is gone */
	ASSERT_EQ(0, fstatat(self->ns_fd, "nsc-pinned", &st, 0))
		TH_LOG("queue gone from the mount: %m");
	fd = openat(self->ns_fd, "nsc-pinned", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd) TH_LOG("%m");
	ASSERT_LT(0, read(fd, buf, sizeof(buf) - 1));
	close(fd);
	EXPECT_EQ(0, strncmp(buf, "QSIZE:3 ", 8)) TH_LOG("queue file: %s", buf);
}

TEST_HARNESS_MAIN
