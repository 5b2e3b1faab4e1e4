// SPDX-License-Identifier: GPL-2.0
/*
 * Planted results for `make lava-check` only (never part of the suite): one
 * pass, one failure, one skip, one failure that the check's known-issues
 * line turns into XFAIL, then a crash that kills the program itself (its
 * KTAP stops early), and a test after it that never runs. LAVA must report
 * each exactly as the runner's KTAP does.
 */
#include <signal.h>
#include <unistd.h>

#include "nsc_harness.h"

TEST(plant_01_pass)
{
	ASSERT_EQ(0, 0);
}

TEST(plant_02_fail)
{
	ASSERT_EQ(1, 2) TH_LOG("planted failure");
}

TEST(plant_03_skip)
{
	SKIP(return, "planted skip");
}

TEST(plant_04_known_issue)
{
	ASSERT_EQ(3, 4) TH_LOG("planted failure, listed as a known issue by the check");
}

/* the test runs in a child of the program: kill the program, as a crash would */
TEST(plant_05_crash)
{
	kill(getppid(), SIGSEGV);
	_exit(0);
}

TEST(plant_06_never_runs)
{
	ASSERT_EQ(0, 0);
}

TEST_HARNESS_MAIN
