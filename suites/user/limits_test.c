// SPDX-License-Identifier: GPL-2.0
/*
 * User namespaces: the per-user-ns limit user.max_user_namespaces.
 * Source: namespaces(7) › The /proc/sys/user directory.
 *
 * The limit is changed only inside a child user ns, whose copy of the
 * /proc/sys/user files is its own; the host's value is read before and
 * after and must not move.
 */
#include "nsc_harness.h"
#include "user_util.h"

#define MAX_USERNS "/proc/sys/user/max_user_namespaces"

static int zero_limit_then_create(int sock, void *arg)
{
	long v;

	CHILD_ASSERT(!nsc_unshare_userns_root(0), "%m");
	CHILD_ASSERT(!nsc_write_long(MAX_USERNS, 0),
		     "writing 0 to %s in our user ns: %m", MAX_USERNS);
	CHILD_ASSERT(!nsc_read_long(MAX_USERNS, &v) && v == 0,
		     "%s reads %ld", MAX_USERNS, v);
	errno = 0;
	CHILD_ASSERT(unshare(CLONE_NEWUSER) == -1 && errno == ENOSPC,
		     "unshare with the limit at 0: errno %d", errno);
	return 0;
}

/* covers: USER-25 */
TEST(user_25_max_user_namespaces_zero_enospc)
{
	long before, after;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_EQ(0, nsc_read_long(MAX_USERNS, &before)) TH_LOG("%m");
	ASSERT_CHILD_RUN(0, zero_limit_then_create, NULL);
	ASSERT_EQ(0, nsc_read_long(MAX_USERNS, &after)) TH_LOG("%m");
	EXPECT_EQ(before, after) TH_LOG("the host's limit moved");
}

TEST_HARNESS_MAIN
