// SPDX-License-Identifier: GPL-2.0
/*
 * unshare() of a mount or user namespace by a process that shares its
 * filesystem information (cwd, root, umask) with another through CLONE_FS:
 * CLONE_NEWNS and CLONE_NEWUSER imply CLONE_FS, so the caller gets its own
 * copy first and the call succeeds (unlike clone, CORE-18, and setns into a
 * user ns, USER-23, which refuse a shared fs_struct with EINVAL).
 * Source: LTP unshare04; unshare(2) › CLONE_NEWNS, CLONE_NEWUSER ("implies
 * CLONE_FS" since 3.9); kernel/fork.c ksys_unshare(), unshare_fs().
 */
#include <sys/stat.h>
#include <sys/syscall.h>

#include "nsc_harness.h"
#include "core_util.h"

FIXTURE(fsshare) {
	struct nsc_child child;
};

FIXTURE_VARIANT(fsshare) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(fsshare);

FIXTURE_SETUP(fsshare)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
}

FIXTURE_TEARDOWN(fsshare)
{
	nsc_child_kill(&self->child);
}

/* fork() with CLONE_FS: the child shares our cwd, root and umask. */
static int run_fs_sharer(int (*fn)(void *), void *arg)
{
	pid_t pid = syscall(SYS_clone, CLONE_FS | SIGCHLD, NULL, NULL, NULL, 0);
	int st;

	if (pid == 0)
		_exit(fn(arg));
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int chdir_proc(void *arg)
{
	return chdir("/proc") ? 1 : 0;
}

static int unshare_then_chdir(void *arg)
{
	int flag = *(int *)arg;
	const char *link = flag == CLONE_NEWNS ? "mnt" : "user";
	ino_t before = nsc_ns_ino(0, link);

	if (!before) {
		nsc_child_log(__FILE__, __LINE__, "/proc/self/ns/%s: %m", link);
		return 1;
	}
	if (unshare(flag)) {
		nsc_child_log(__FILE__, __LINE__, "unshare(%#x) while sharing "
			      "the fs_struct: %m", flag);
		return 1;
	}
	if (nsc_ns_ino(0, link) == before) {
		nsc_child_log(__FILE__, __LINE__, "no new %s ns", link);
		return 1;
	}
	if (chdir("/proc"))
		return 1;
	umask(0077);
	return 0;
}

static mode_t umask_now(void)
{
	mode_t m = umask(0);

	umask(m);
	return m;
}

/* The worker: has an fs_struct of its own, shares it with its children. */
static int fs_worker(int sock, void *arg)
{
	char cwd[64];
	mode_t m;

	CHILD_ASSERT(!chdir("/"), "%m");
	umask(022);
	/* contrast: without an unshare, a sharer's chdir is ours */
	CHILD_ASSERT(run_fs_sharer(chdir_proc, NULL) == 0, "sharer failed");
	CHILD_ASSERT(getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/proc"),
		     "CLONE_FS not shared: cwd %s", cwd);
	CHILD_ASSERT(!chdir("/"), "%m");
	/* the sharer unshares first: its chdir and umask stay its own */
	CHILD_ASSERT(run_fs_sharer(unshare_then_chdir, arg) == 0,
		     "sharer failed");
	CHILD_ASSERT(getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/"),
		     "the unsharer's chdir moved us to %s", cwd);
	m = umask_now();
	CHILD_ASSERT(m == 022, "the unsharer's umask reached us: %03o", m);
	return 0;
}

NSC_RULES(core_80_unshare_newns_unshares_fs_struct, "CORE-80");
TEST_F(fsshare, core_80_unshare_newns_unshares_fs_struct)
{
	int flag = CLONE_NEWNS;

	ASSERT_CHILD_START(&self->child, 0, fs_worker, &flag);
	ASSERT_CHILD_OK(&self->child);
}

NSC_RULES(core_81_unshare_newuser_unshares_fs_struct, "CORE-81");
NSC_REQUIRES(core_81_unshare_newuser_unshares_fs_struct, NSC_USERNS);
TEST_F(fsshare, core_81_unshare_newuser_unshares_fs_struct)
{
	int flag = CLONE_NEWUSER;

	ASSERT_CHILD_START(&self->child, 0, fs_worker, &flag);
	ASSERT_CHILD_OK(&self->child);
}

TEST_HARNESS_MAIN
