// SPDX-License-Identifier: GPL-2.0
/*
 * Mount namespace regressions.
 *
 * Binding the mnt link of a newer (child) mount namespace must work
 * (MNT-28). The kernel refuses a bind that could form a reference loop by
 * comparing namespace sequence numbers: only a namespace created after the
 * caller's may be bound. Since 6.18 (commit 7d7d16498958, "mnt: support ns
 * lookup") those numbers come from per-CPU batches, so a namespace created
 * later on another CPU can get a smaller number, and the bind of a perfectly
 * new namespace fails EINVAL. This test creates child namespaces on every
 * allowed CPU in turn, so the ordering inversion is exercised on any machine
 * with two CPUs instead of by chance.
 */
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "nsc_harness.h"

FIXTURE(mntreg) {
	struct nsc_child child;
};

FIXTURE_VARIANT(mntreg) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(mntreg);

FIXTURE_SETUP(mntreg)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_EQ(0, nsc_sandbox_tmpfs("/tmp")) TH_LOG("sandbox: %m");
	ASSERT_EQ(0, nsc_touch("/tmp/target"))
		TH_LOG("creating the bind target: %m");
}

FIXTURE_TEARDOWN(mntreg)
{
	nsc_child_kill(&self->child);
}

static void pin(struct __test_metadata *_metadata, int cpu)
{
	cpu_set_t one;

	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(one), &one)) TH_LOG("cpu %d: %m", cpu);
}

NSC_RULES(mnt_28_bind_newer_ns_whatever_its_cpu, "MNT-28");
TEST_F(mntreg, mnt_28_bind_newer_ns_whatever_its_cpu)
{
	int cpus[CPU_SETSIZE], ncpu = 0, inversions = 0, binds = 0;
	uint64_t own_id, child_id;
	char path[64];

	/* every CPU we may run on, not only the inherited mask: a runner
	 * or user that pinned us must not hide the bug */
	for (int c = 0; c < CPU_SETSIZE && c < sysconf(_SC_NPROCESSORS_CONF); c++) {
		cpu_set_t one;

		CPU_ZERO(&one);
		CPU_SET(c, &one);
		if (!sched_setaffinity(0, sizeof(one), &one))
			cpus[ncpu++] = c;
	}
	ASSERT_LT(0, ncpu);
	/*
	 * Our namespace is made on one CPU, the child's on the next: where the
	 * per-CPU batches differ, one of the two orders numbers the newer
	 * namespace lower.
	 */
	for (int i = 0; i < 4 * ncpu && inversions < 2; i++) {
		int own_cpu = cpus[i % ncpu], child_cpu = cpus[(i + 1) % ncpu], fd;

		pin(_metadata, own_cpu);
		ASSERT_EQ(0, unshare(CLONE_NEWNS)) TH_LOG("%m");
		fd = nsc_ns_open(0, "mnt");
		ASSERT_LE(0, fd);
		ASSERT_EQ(0, nsc_ns_uid(fd, &own_id, NULL));
		close(fd);
		pin(_metadata, child_cpu);
		ASSERT_CHILD_START(&self->child, CLONE_NEWNS, nsc_child_park, NULL);
		ASSERT_EQ('r', nsc_recv_byte(self->child.sock));
		ASSERT_NE(nsc_ns_ino(0, "mnt"), nsc_ns_ino(self->child.pid, "mnt"));
		fd = nsc_ns_open(self->child.pid, "mnt");
		ASSERT_LE(0, fd);
		ASSERT_EQ(0, nsc_ns_uid(fd, &child_id, NULL));
		close(fd);
		if (child_id < own_id)
			inversions++;
		snprintf(path, sizeof(path), "/proc/%d/ns/mnt", self->child.pid);
		ASSERT_EQ(0, mount(path, "/tmp/target", NULL, MS_BIND, NULL))
			TH_LOG("bind of a child mount ns failed: %m (child id %llu made on cpu %d after ours, id %llu, made on cpu %d)",
			       (unsigned long long)child_id, child_cpu,
			       (unsigned long long)own_id, own_cpu);
		ASSERT_EQ(0, umount2("/tmp/target", MNT_DETACH));
		binds++;
		ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
		ASSERT_CHILD_OK(&self->child);
	}
	TH_LOG("%d binds over %d cpus, %d with the newer namespace numbered lower",
	       binds, ncpu, inversions);
}

TEST_HARNESS_MAIN
