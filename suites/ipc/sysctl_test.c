// SPDX-License-Identifier: GPL-2.0
/*
 * The IPC sysctls are per IPC namespace. Source: ipc_namespaces(7), proc(5),
 * mq_overview(7).
 *
 * Values change only in namespaces made for the test: the test moves to a
 * throwaway IPC ns P in setup, and P and its children die with the test.
 */
#include "nsc_harness.h"
#include "ipc_util.h"

struct knob {
	const char *path;
	const char *a, *b;	/* two valid values; the write uses the one
				 * that differs from the current value */
};

static const struct knob mq_knobs[] = {
	{ "/proc/sys/fs/mqueue/queues_max", "17", "18" },
	{ "/proc/sys/fs/mqueue/msg_max", "11", "12" },
	{ "/proc/sys/fs/mqueue/msgsize_max", "9000", "9001" },
};

static const struct knob sysv_knobs[] = {
	{ "/proc/sys/kernel/msgmax", "4096", "2048" },
	{ "/proc/sys/kernel/msgmnb", "8192", "4096" },
	{ "/proc/sys/kernel/msgmni", "123", "124" },
	{ "/proc/sys/kernel/sem", "100\t1000\t10\t50", "101\t1000\t10\t50" },
	{ "/proc/sys/kernel/shmall", "1000", "2000" },
	{ "/proc/sys/kernel/shmmax", "1048576", "2097152" },
	{ "/proc/sys/kernel/shmmni", "100", "200" },
	{ "/proc/sys/kernel/shm_rmid_forced", "1", "0" },
};

#define KNOB_MAX 16
struct knob_set {
	const struct knob *k;
	int n;
	char val[KNOB_MAX][128];
};

static int knobs_read(struct knob_set *s)
{
	for (int i = 0; i < s->n; i++)
		if (nsc_read_line(s->k[i].path, s->val[i], sizeof(s->val[i])))
			return -1;
	return 0;
}

/* Writes the value that differs from the current one; reads it back. */
static int knob_flip(const struct knob *k, char *now, size_t len)
{
	char cur[128];

	if (nsc_read_line(k->path, cur, sizeof(cur)))
		return -1;
	snprintf(now, len, "%s", strcmp(cur, k->a) ? k->a : k->b);
	if (nsc_write_file(k->path, now) || nsc_read_line(k->path, cur, sizeof(cur)))
		return -1;
	if (strcmp(cur, now)) {
		errno = EIO;
		return -1;
	}
	return 0;
}

FIXTURE(sysctl) {
	struct nsc_child child;
	ino_t ipc_p;
};

FIXTURE_VARIANT(sysctl) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(sysctl);

FIXTURE_SETUP(sysctl)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_EQ(0, nsc_unshare_checked(CLONE_NEWIPC))
		TH_LOG("unshare(CLONE_NEWIPC) (EEXIST: ipc link unchanged): %m");
	self->ipc_p = nsc_ns_ino(0, "ipc");
}

FIXTURE_TEARDOWN(sysctl)
{
	nsc_child_kill(&self->child);
}

/* Child in a new IPC ns: flips every knob of the set. */
static int flip_all(int sock, void *arg)
{
	struct knob_set *s = arg;
	char now[128];

	for (int i = 0; i < s->n; i++)
		CHILD_ASSERT(!knob_flip(&s->k[i], now, sizeof(now)),
			     "%s <- '%s': %m", s->k[i].path, now);
	return 0;
}

static void check_per_ns(struct __test_metadata *_metadata,
			 FIXTURE_DATA(sysctl) *self, const struct knob *k, int n)
{
	struct knob_set before = { k, n }, after = { k, n };

	ASSERT_EQ(0, knobs_read(&before)) TH_LOG("%m");
	ASSERT_CHILD_START_HELD(&self->child, CLONE_NEWIPC, flip_all, &before);
	ASSERT_NE(self->ipc_p, nsc_ns_ino(self->child.pid, "ipc"));
	ASSERT_EQ(0, nsc_child_release(&self->child)) TH_LOG("%m");
	ASSERT_CHILD_OK(&self->child);
	ASSERT_EQ(0, knobs_read(&after)) TH_LOG("%m");
	for (int i = 0; i < n; i++) {
		EXPECT_STREQ(before.val[i], after.val[i])
			TH_LOG("%s changed in the parent ns", k[i].path);
	}
}

NSC_RULES(ipc_11_mqueue_sysctls_per_ns, "IPC-11");
TEST_F(sysctl, ipc_11_mqueue_sysctls_per_ns)
{
	check_per_ns(_metadata, self, mq_knobs, NSC_ARRAY_SIZE(mq_knobs));
}

NSC_RULES(ipc_12_sysv_sysctls_per_ns, "IPC-12");
TEST_F(sysctl, ipc_12_sysv_sysctls_per_ns)
{
	check_per_ns(_metadata, self, sysv_knobs, NSC_ARRAY_SIZE(sysv_knobs));
}

/* Child in a new IPC ns: reports every knob's value. */
static int report_all(int sock, void *arg)
{
	struct knob_set *s = arg;

	CHILD_ASSERT(!knobs_read(s), "%m");
	return nsc_send_buf(sock, s->val, sizeof(s->val)) ? 1 : 0;
}

NSC_RULES(ipc_13_new_ns_starts_from_defaults, "IPC-13");
TEST_F(sysctl, ipc_13_new_ns_starts_from_defaults)
{
	static struct knob all[NSC_ARRAY_SIZE(mq_knobs) + NSC_ARRAY_SIZE(sysv_knobs)];
	struct knob_set fresh = { all }, changed = { all }, child = { all };
	int n = 0;

	for (size_t i = 0; i < NSC_ARRAY_SIZE(mq_knobs); i++)
		all[n++] = mq_knobs[i];
	for (size_t i = 0; i < NSC_ARRAY_SIZE(sysv_knobs); i++)
		all[n++] = sysv_knobs[i];
	fresh.n = changed.n = child.n = n;
	/* P is a fresh ns: its values are the defaults; move them away */
	ASSERT_EQ(0, knobs_read(&fresh)) TH_LOG("%m");
	for (int i = 0; i < n; i++) {
		ASSERT_EQ(0, knob_flip(&all[i], changed.val[i], sizeof(changed.val[i])))
			TH_LOG("%s: %m", all[i].path);
	}
	ASSERT_CHILD_START(&self->child, CLONE_NEWIPC, report_all, &child);
	ASSERT_EQ(sizeof(child.val),
		  nsc_recv_buf(self->child.sock, child.val, sizeof(child.val)));
	ASSERT_CHILD_OK(&self->child);
	for (int i = 0; i < n; i++) {
		EXPECT_STREQ(fresh.val[i], child.val[i])
			TH_LOG("%s: new ns has '%s', creator had '%s' (was '%s')",
			       all[i].path, child.val[i], changed.val[i],
			       fresh.val[i]);
	}
	/* the documented defaults (MSGMNI, DFLT_QUEUESMAX) */
	EXPECT_STREQ("256", child.val[0]);
	EXPECT_STREQ("32000", child.val[NSC_ARRAY_SIZE(mq_knobs) + 2]);
}

TEST_HARNESS_MAIN
