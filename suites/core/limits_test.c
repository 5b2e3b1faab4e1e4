// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/sys/user/max_*_namespaces: per-type caps, defaults, charging to
 * ancestors. Every limit is changed only inside a user namespace the test
 * creates (the values live in that user ns and die with it), never on the
 * host.
 * Source: namespaces(7) (The /proc/sys/user directory), unshare(2) ERRORS.
 */
#include <dirent.h>
#include <limits.h>

#include "nsc_harness.h"
#include "core_util.h"

FIXTURE(limit) {
	struct nsc_child child;
	int pins[4];
};

FIXTURE_VARIANT(limit) {
	const struct nsc_nstype *type;
};

NSC_NSTYPE_VARIANTS(limit);

FIXTURE_SETUP(limit)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	for (size_t i = 0; i < NSC_ARRAY_SIZE(self->pins); i++)
		self->pins[i] = -EBADF;
	NSC_REQUIRE(nsc_need_nstype(variant->type));
	NSC_REQUIRE(nsc_need_userns());
	/* our own user ns: its limits are ours to change */
	ASSERT_EQ(0, nsc_unshare_userns_root(0)) TH_LOG("%m");
}

FIXTURE_TEARDOWN(limit)
{
	nsc_child_kill(&self->child);
	for (size_t i = 0; i < NSC_ARRAY_SIZE(self->pins); i++)
		if (self->pins[i] >= 0)
			close(self->pins[i]);
}

/* A namespace of type t made by a child, kept alive only by the fd. */
static int make_pinned(struct nsc_child *c, const struct nsc_nstype *t)
{
	int fd;

	if (nsc_child_start(c, t->flag, nsc_child_park, NULL))
		return -1;
	if (nsc_recv_byte(c->sock) != 'r') {
		nsc_child_kill(c);
		errno = EPIPE;
		return -1;
	}
	fd = nsc_ns_open(c->pid, t->name);
	nsc_child_kill(c);
	return fd;
}

/* covers: CORE-21 */
TEST_F(limit, core_21_max_namespaces_caps_creation)
{
	const struct nsc_nstype *t = variant->type;
	const int n = 2;
	long v = 0;

	ASSERT_EQ(0, nsc_write_long(t->max_sysctl, n))
		TH_LOG("write %s in our user ns: %m", t->max_sysctl);
	ASSERT_EQ(0, nsc_read_long(t->max_sysctl, &v));
	ASSERT_EQ(n, v);
	for (int i = 0; i < n; i++) {
		self->pins[i] = make_pinned(&self->child, t);
		ASSERT_LE(0, self->pins[i]) TH_LOG("%s ns #%d of %d: %m", t->name, i + 1, n);
	}
	errno = 0;
	EXPECT_EQ(-1, unshare(t->flag));
	EXPECT_EQ(ENOSPC, errno) TH_LOG("%s ns #%d: %m", t->name, n + 1);
	/* control: one more allowed, one more made */
	ASSERT_EQ(0, nsc_write_long(t->max_sysctl, n + 1)) TH_LOG("%m");
	EXPECT_EQ(0, unshare(t->flag)) TH_LOG("with the limit raised: %m");
}

static const char *const max_files[] = {
	"cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts",
};

static int read_max(const char *type, long *v)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/sys/user/max_%s_namespaces", type);
	return nsc_read_long(path, v);
}

/* One sysctl.d-style file sets KEY ("user.max_net_namespaces"; the
 * slash form too): its path into where. */
static bool file_sets(const char *path, const char *key, char *where,
		      size_t len)
{
	char line[512], slash[128];
	bool hit = false;
	FILE *f;

	snprintf(slash, sizeof(slash), "%s", key);
	for (char *p = slash; *p; p++)
		if (*p == '.')
			*p = '/';
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!hit && fgets(line, sizeof(line), f)) {
		char *p = line + strspn(line, " \t-");

		for (int i = 0; i < 2 && !hit; i++) {
			const char *k = i ? slash : key;
			size_t n = strlen(k);

			hit = !strncmp(p, k, n) && strchr(" \t=", p[n]);
		}
	}
	fclose(f);
	if (hit)
		snprintf(where, len, "%s", path);
	return hit;
}

/*
 * Where an administrator sets sysctl KEY at boot: the kernel command line
 * (sysctl.KEY=) or a sysctl.d file; its name into where. A change made
 * at run time leaves no trace we can probe.
 */
static bool admin_set(const char *key, char *where, size_t len)
{
	static const char *const dirs[] = {
		"/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d",
		"/usr/lib/sysctl.d", "/lib/sysctl.d",
	};
	char buf[4096], arg[160], path[512];

	snprintf(arg, sizeof(arg), "sysctl.%s=", key);
	if (nsc_read_file("/proc/cmdline", buf, sizeof(buf)) > 0 &&
	    strstr(buf, arg)) {
		snprintf(where, len, "/proc/cmdline");
		return true;
	}
	if (file_sets("/etc/sysctl.conf", key, where, len))
		return true;
	for (size_t i = 0; i < NSC_ARRAY_SIZE(dirs); i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *e;
		bool hit = false;

		if (!d)
			continue;
		while (!hit && (e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", dirs[i], e->d_name);
			hit = file_sets(path, key, where, len);
		}
		closedir(d);
		if (hit)
			return true;
	}
	return false;
}

/*
 * The kernel sets every max_*_namespaces to threads-max/2 at boot; an
 * administrator may set either sysctl since. A value that differs is a
 * FAIL unless the boot configuration shows such a setting (then that type
 * is left out; SKIP when none is left).
 */
/* covers: CORE-22 */
TEST(core_22_initial_defaults_half_threads_max)
{
	char map[128], key[64], where[512];
	int checked = 0, admin = 0;
	long tmax, v;

	ASSERT_EQ(0, nsc_read_line("/proc/self/uid_map", map, sizeof(map)));
	if (!strstr(map, "4294967295"))
		SKIP(return, "not in the initial user namespace (uid_map '%s')", map);
	ASSERT_EQ(0, nsc_read_long("/proc/sys/kernel/threads-max", &tmax));
	for (size_t i = 0; i < NSC_ARRAY_SIZE(max_files); i++) {
		if (read_max(max_files[i], &v)) {
			EXPECT_EQ(ENOENT, errno) TH_LOG("max_%s: %m", max_files[i]);
			continue;
		}
		if (v == tmax / 2) {
			checked++;
			continue;
		}
		snprintf(key, sizeof(key), "user.max_%s_namespaces", max_files[i]);
		if (admin_set(key, where, sizeof(where)) ||
		    admin_set("kernel.threads-max", where, sizeof(where))) {
			TH_LOG("max_%s_namespaces = %ld, threads-max/2 = %ld: "
			       "set by the administrator (%s), not checked",
			       max_files[i], v, tmax / 2, where);
			admin++;
			continue;
		}
		EXPECT_EQ(tmax / 2, v)
			TH_LOG("max_%s_namespaces = %ld, threads-max/2 = %ld, "
			       "and no boot setting of either (changed at run "
			       "time?)", max_files[i], v, tmax / 2);
	}
	if (!checked && admin)
		SKIP(return, "the administrator set every limit (or threads-max)");
	ASSERT_LT(0, checked + admin) TH_LOG("no max_*_namespaces file");
}

/* covers: CORE-22 */
TEST(core_22_new_userns_limits_int_max)
{
	long v;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_EQ(0, nsc_unshare_userns_root(0)) TH_LOG("%m");
	for (size_t i = 0; i < NSC_ARRAY_SIZE(max_files); i++) {
		ASSERT_EQ(0, read_max(max_files[i], &v)) TH_LOG("max_%s: %m", max_files[i]);
		EXPECT_EQ(INT_MAX, v) TH_LOG("max_%s_namespaces", max_files[i]);
	}
}

/* covers: CORE-23 */
TEST(core_23_limit_charged_to_ancestors)
{
	const char *path = "/proc/sys/user/max_uts_namespaces";
	long v = 0;
	int pin;

	NSC_REQUIRE(nsc_need_userns());
	/* P: limit 1 */
	ASSERT_EQ(0, nsc_unshare_userns_root(0)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_write_long(path, 1)) TH_LOG("%s in P: %m", path);
	/* C, child of P made by the same uid: its own limit is INT_MAX */
	ASSERT_EQ(0, nsc_unshare_userns_root(0)) TH_LOG("%m");
	ASSERT_EQ(0, nsc_read_long(path, &v));
	ASSERT_EQ(INT_MAX, v);
	ASSERT_EQ(0, unshare(CLONE_NEWUTS)) TH_LOG("first uts ns in C: %m");
	pin = nsc_ns_open(0, "uts");
	ASSERT_LE(0, pin);
	errno = 0;
	EXPECT_EQ(-1, unshare(CLONE_NEWUTS));
	EXPECT_EQ(ENOSPC, errno) TH_LOG("second uts ns in C: %m");
	close(pin);
}

TEST_HARNESS_MAIN
