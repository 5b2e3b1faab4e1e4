// SPDX-License-Identifier: GPL-2.0
/*
 * fanotify marks on a mount namespace (FAN_MARK_MNTNS, FAN_REPORT_MNT,
 * 6.14): which mount events a watcher of one namespace sees, and who may
 * watch it.
 * Source: kernel selftests filesystems/mount-notify/mount-notify_test.c,
 * mount-notify_test_ns.c (newer than man-pages 6.03).
 */
#include <sys/fanotify.h>

#include "nsc_harness.h"
#include "mnt_util.h"

FIXTURE(mntnotify) {
	int own;	/* our mount ns */
	int fan;	/* marked on it */
};

FIXTURE_VARIANT(mntnotify) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(mntnotify);

FIXTURE_SETUP(mntnotify)
{
	self->own = -EBADF;
	self->fan = -EBADF;
	NSC_ENTER_PRIV(variant->priv);
	ASSERT_EQ(0, mnt_sandbox()) TH_LOG("%m");
	self->own = nsc_ns_open(0, "mnt");
	ASSERT_LE(0, self->own) TH_LOG("%m");
	self->fan = fanotify_init(FAN_REPORT_MNT | FAN_NONBLOCK | FAN_CLOEXEC, 0);
	if (self->fan < 0 && errno == EINVAL)
		SKIP(return, "kernel lacks FAN_REPORT_MNT (EINVAL), 6.14+");
	/* inside a user ns: seen working from 6.18 on */
	if (self->fan < 0 && errno == EPERM && variant->priv == NSC_PRIV_USERNS &&
	    !nsc_kernel_at_least(6, 18))
		SKIP(return, "kernel refuses FAN_REPORT_MNT inside a user ns (EPERM; allowed by 6.18)");
	ASSERT_LE(0, self->fan) TH_LOG("fanotify_init(FAN_REPORT_MNT): %m");
	ASSERT_EQ(0, fanotify_mark(self->fan, FAN_MARK_ADD | FAN_MARK_MNTNS,
				   FAN_MNT_ATTACH | FAN_MNT_DETACH, self->own, NULL))
		TH_LOG("FAN_MARK_MNTNS on our mount ns: %m");
}

FIXTURE_TEARDOWN(mntnotify)
{
	if (self->fan >= 0)
		close(self->fan);
	if (self->own >= 0)
		close(self->own);
}

/* Next mount event on fan: its mask and mount id; -1 when none. */
static int next_mnt_event(int fan, __u64 *mask, __u64 *mnt_id)
{
	char buf[256] __attribute__((aligned(8)));
	struct fanotify_event_metadata *m = (void *)buf;
	struct fanotify_event_info_header *h;
	ssize_t n = read(fan, buf, sizeof(buf));

	if (n <= 0)
		return -1;
	if (n < (ssize_t)sizeof(*m) || m->event_len < m->metadata_len + sizeof(*h) + 8) {
		errno = EPROTO;
		return -1;
	}
	h = (void *)(buf + m->metadata_len);
	if (h->info_type != FAN_EVENT_INFO_TYPE_MNT) {
		errno = EPROTO;
		return -1;
	}
	*mask = m->mask;
	/* struct fanotify_event_info_mnt: the 4-byte header, then the
	 * 8-byte aligned mount id */
	memcpy(mnt_id, (char *)h + 8, sizeof(*mnt_id));
	return 0;
}

static int unique_mnt_id(const char *path, __u64 *id)
{
	struct statx sx;

	if (statx(AT_FDCWD, path, 0, STATX_MNT_ID_UNIQUE, &sx))
		return -1;
	if (!(sx.stx_mask & STATX_MNT_ID_UNIQUE)) {
		errno = EOPNOTSUPP;
		return -1;
	}
	*id = sx.stx_mnt_id;
	return 0;
}

static int mount_elsewhere(int sock, void *arg)
{
	CHILD_ASSERT(!mk_tmpfs(SANDBOX "/other", "nsc-fan-other"), "%m");
	CHILD_ASSERT(!umount2(SANDBOX "/other", 0), "%m");
	return 0;
}

/* arg: our mount ns fd. From a child user ns: our ns is out of reach,
 * the child's own (owned by its user ns) is not. */
static int mark_from_child_userns(int sock, void *arg)
{
	int fan = fanotify_init(FAN_REPORT_MNT | FAN_CLOEXEC, 0), own;

	CHILD_ASSERT(fan >= 0, "fanotify_init in a user ns: %m");
	errno = 0;
	CHILD_ASSERT(fanotify_mark(fan, FAN_MARK_ADD | FAN_MARK_MNTNS,
				   FAN_MNT_ATTACH | FAN_MNT_DETACH,
				   *(int *)arg, NULL) == -1 && errno == EPERM,
		     "marking the parent's mount ns: errno %d", errno);
	own = nsc_ns_open(0, "mnt");
	CHILD_ASSERT(own >= 0, "%m");
	CHILD_ASSERT(!fanotify_mark(fan, FAN_MARK_ADD | FAN_MARK_MNTNS,
				    FAN_MNT_ATTACH | FAN_MNT_DETACH, own, NULL),
		     "marking our own mount ns: %m");
	close(own);
	close(fan);
	return 0;
}

/* covers: MNT-48 */
TEST_F(mntnotify, mnt_48_fanotify_mntns_mount_events)
{
	__u64 mask = 0, id = 0, want = 0;
	int fan;

	fan = self->fan;
	/* a sibling ns mounts and unmounts: nothing for us */
	ASSERT_CHILD_RUN(CLONE_NEWNS, mount_elsewhere, NULL);
	EXPECT_EQ(-1, next_mnt_event(fan, &mask, &id));
	EXPECT_EQ(EAGAIN, errno) TH_LOG("event %#llx for mount %llu of another ns",
					 (unsigned long long)mask,
					 (unsigned long long)id);
	/* our own mount and umount */
	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/w", "nsc-fan")) TH_LOG("%m");
	ASSERT_EQ(0, unique_mnt_id(SANDBOX "/w", &want)) TH_LOG("statx: %m");
	ASSERT_EQ(0, next_mnt_event(fan, &mask, &id)) TH_LOG("no attach event: %m");
	EXPECT_EQ(FAN_MNT_ATTACH, mask);
	EXPECT_EQ(want, id);
	ASSERT_EQ(0, umount2(SANDBOX "/w", 0)) TH_LOG("%m");
	ASSERT_EQ(0, next_mnt_event(fan, &mask, &id)) TH_LOG("no detach event: %m");
	EXPECT_EQ(FAN_MNT_DETACH, mask);
	EXPECT_EQ(want, id);
	ASSERT_CHILD_RUN(CLONE_NEWUSER | CLONE_NEWNS, mark_from_child_userns,
			 &self->own);
}

/* A shared mount's peer in a sibling ns: a submount made there. */
static int mount_in_peer(int sock, void *arg)
{
	CHILD_ASSERT(!mk_tmpfs(SANDBOX "/sh/x", "nsc-fan-peer"), "%m");
	return 0;
}

/* covers: MNT-52 */
TEST_F(mntnotify, mnt_52_fanotify_mntns_sees_propagated_mounts)
{
	__u64 mask = 0, id = 0, want = 0;

	ASSERT_EQ(0, mk_tmpfs(SANDBOX "/sh", "nsc-fan-shared")) TH_LOG("%m");
	ASSERT_EQ(0, set_prop(SANDBOX "/sh", MS_SHARED)) TH_LOG("%m");
	ASSERT_EQ(0, next_mnt_event(self->fan, &mask, &id)) TH_LOG("%m");
	EXPECT_EQ(FAN_MNT_ATTACH, mask);
	/* the peer's copy of /sh got a submount: it propagates to us and is
	 * reported with the id of our copy */
	ASSERT_CHILD_RUN(CLONE_NEWNS, mount_in_peer, NULL);
	ASSERT_TRUE(mnt_present(0, SANDBOX "/sh/x")) TH_LOG("did not propagate");
	ASSERT_EQ(0, unique_mnt_id(SANDBOX "/sh/x", &want)) TH_LOG("statx: %m");
	ASSERT_EQ(0, next_mnt_event(self->fan, &mask, &id))
		TH_LOG("no event for a mount propagated in: %m");
	EXPECT_EQ(FAN_MNT_ATTACH, mask);
	EXPECT_EQ(want, id);
	EXPECT_EQ(-1, next_mnt_event(self->fan, &mask, &id));
	EXPECT_EQ(EAGAIN, errno);
}

TEST_HARNESS_MAIN
