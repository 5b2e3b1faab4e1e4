// SPDX-License-Identifier: GPL-2.0
/*
 * Firmware requested by a driver is read from the mount namespace of init
 * (PID 1), whatever the mount namespace of the process that made the
 * driver ask for it.
 * Source: kernel selftest firmware/fw_namespace; commit 901cff7cb961
 * ("firmware_loader: load files from the mount namespace of init", 5.7).
 *
 * Needs the test_firmware module (CONFIG_TEST_FIRMWARE): this suite never
 * loads modules; --kernel guests load it from the suite's config. The test
 * writes a file under /lib/firmware of PID 1's mount ns, so it runs only
 * in a --kernel guest.
 */
#include <sys/mount.h>
#include <sys/stat.h>

#include "nsc_harness.h"

#define TRIGGER "/sys/devices/virtual/misc/test_firmware/trigger_request"
#define FW_DIR "/lib/firmware"

FIXTURE(fw) {
	char in_init[128];	/* a file in init's /lib/firmware */
	bool made_dir, made_file;
};

FIXTURE_SETUP(fw)
{
	char name[64];

	NSC_REQUIRE(nsc_need_root());
	if (access(TRIGGER, W_OK))
		SKIP(return, "no %s (%m): the test_firmware module "
			     "(CONFIG_TEST_FIRMWARE) is not loaded", TRIGGER);
	if (!getenv("NSC_VM_KIND"))
		SKIP(return, "not in a --kernel guest (NSC_VM_KIND unset): the "
			     "test writes " FW_DIR " of PID 1's mount ns");
	if (nsc_ns_ino(0, "mnt") != nsc_ns_ino(1, "mnt"))
		SKIP(return, "not in PID 1's mount namespace");
	if (!mkdir(FW_DIR, 0755))
		self->made_dir = true;
	else
		ASSERT_EQ(EEXIST, errno) TH_LOG("mkdir " FW_DIR ": %m");
	nsc_uniq(name, sizeof(name), "nsc-fw-init");
	snprintf(self->in_init, sizeof(self->in_init), FW_DIR "/%s.bin", name);
	ASSERT_EQ(0, nsc_put_file(self->in_init, "ABCD0123")) TH_LOG("%m");
	self->made_file = true;
}

FIXTURE_TEARDOWN(fw)
{
	if (self->made_file)
		unlink(self->in_init);
	if (self->made_dir)
		rmdir(FW_DIR);
}

/* Asks test_firmware to load NAME (relative to the firmware dirs). */
static int fw_request(const char *name)
{
	int fd = open(TRIGGER, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, name, strlen(name));
	close(fd);
	return n == (ssize_t)strlen(name) ? 0 : -1;
}

struct fw_arg {
	const char *in_init;	/* path in init's mount ns */
	ino_t mnt0;
};

static int fw_in_child_ns(int sock, void *arg)
{
	const struct fw_arg *a = arg;
	const char *init_name = strrchr(a->in_init, '/') + 1;
	char mine[160], name[64];

	CHILD_ASSERT(nsc_ns_ino(0, "mnt") != a->mnt0, "no new mount ns");
	CHILD_ASSERT(!mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), "%m");
	/* hide init's firmware directory here, and put a file of ours */
	CHILD_ASSERT(!mount("nsc-fw", FW_DIR, "tmpfs", 0, "mode=0755"), "%m");
	nsc_uniq(name, sizeof(name), "nsc-fw-child");
	snprintf(mine, sizeof(mine), FW_DIR "/%s.bin", name);
	CHILD_ASSERT(!nsc_put_file(mine, "EFGH4567"), "%m");
	CHILD_ASSERT(access(a->in_init, F_OK) && errno == ENOENT,
		     "%s still visible here", a->in_init);
	/* the kernel reads init's mount ns: the file we cannot see loads */
	CHILD_ASSERT(!fw_request(init_name), "request of %s (only in init's "
		     "mount ns): %m", init_name);
	/* and the one only our mount ns holds does not */
	snprintf(name + strlen(name), sizeof(name) - strlen(name), ".bin");
	errno = 0;
	CHILD_ASSERT(fw_request(name) && errno == ENOENT, "request of %s "
		     "(only in our mount ns): %m (want ENOENT)", name);
	return 0;
}

NSC_RULES(core_82_firmware_loaded_from_init_mntns, "CORE-82");
TEST_F(fw, core_82_firmware_loaded_from_init_mntns)
{
	struct fw_arg a = { .in_init = self->in_init };
	const char *name = strrchr(self->in_init, '/') + 1;

	a.mnt0 = nsc_ns_ino(0, "mnt");
	ASSERT_NE((ino_t)0, a.mnt0);
	/* the file loads from here, so the device works */
	ASSERT_EQ(0, fw_request(name)) TH_LOG("request of %s: %m", name);
	ASSERT_CHILD_RUN(CLONE_NEWNS, fw_in_child_ns, &a);
}

TEST_HARNESS_MAIN
