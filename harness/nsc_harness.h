/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nsconform's thin layer over the kernel's kselftest harness. A test file
 * includes only this header. kselftest_harness.h comes from KSFT_DIR (a
 * kernel tree) at build time and is never part of this repository.
 */
#ifndef NSC_HARNESS_H
#define NSC_HARNESS_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kselftest_harness.h>

#include "nsc.h"
#include "nsc_child.h"
#include "nsc_decl.h"

/*
 * TEST_F without the second fork. Since 6.9 the harness runs every TEST_F
 * in a grandchild of the runner, so that FIXTURE_TEARDOWN_PARENT can tear
 * down from the middle process; nsconform never uses that, and the extra
 * address space per test costs about 1 ms here and stalls the other vCPU
 * on a shadow-paging VM (bench/README.md). This runs setup, test and
 * teardown in the one forked test process, as the harness did before 6.9:
 * a failed ASSERT still longjmps to the teardown, a crash still fails the
 * test (only its teardown is lost: nsc-exec kills what the test left).
 * A process the test forks that returns here exits without a teardown.
 * Harness headers without FIXTURE_TEARDOWN_PARENT already work this way;
 * build with -DNSC_HARNESS_FORK_TEST_F to get the harness's own TEST_F.
 */
/*
 * A FAIL that follows a noted environment cause (lib/env.c: a namespace the
 * test needed could not be created because this kernel lacks the type, its
 * user.max_*_namespaces is 0 here, unprivileged user namespaces are
 * restricted, or the uid to drop to is not mapped here) is that cause's
 * SKIP. Only a failure: a test that passes or skips keeps its verdict.
 */
static inline void nsc_env_verdict(struct __test_metadata *_metadata)
{
	const char *why = nsc_env_cause(), *obs = nsc_obs_failure();

	/* observation fails closed: a pass built on an unreadable link
	 * fails, unless the environment explains it (a type the kernel
	 * lacks has no link to read) */
	if (obs && _metadata->exit_code == KSFT_PASS) {
		fprintf(TH_LOG_STREAM, "# %s: observation failed: %s\n",
			_metadata->name, obs);
		_metadata->exit_code = KSFT_FAIL;
	}
	if (_metadata->exit_code != KSFT_FAIL || !why)
		return;
	if (nsc_env_cause_late()) {
		fprintf(TH_LOG_STREAM, "# %s: the failure came before the "
			"environment cause (%s): it stands\n", _metadata->name, why);
		return;
	}
	snprintf(_metadata->results->reason, sizeof(_metadata->results->reason),
		 "%s", why);
	fprintf(TH_LOG_STREAM, "#      SKIP      %s (the failure above "
		"follows from it)\n", why);
	_metadata->exit_code = KSFT_SKIP;
	_metadata->aborted = false;	/* a failed ASSERT would abort() */
}

/*
 * The test's declared requirements (NSC_REQUIRES), checked where a
 * NSC_REQUIRE at the top of its body would be (after the fixture's setup):
 * the first one not met is the test's SKIP, and the body does not run.
 */
static inline bool nsc_requires_met(struct __test_metadata *_metadata,
				    const void *variant)
{
	const char *why = nsc_test_requires_why(_metadata->name, variant);

	if (why)
		SKIP(return false, "%s", why);
	return true;
}

#if defined(FIXTURE_TEARDOWN_PARENT)
/* TEST with the environment verdict and the declared requirements. */
#undef __TEST_IMPL
#define __TEST_IMPL(test_name, _signal) \
	static void test_name(struct __test_metadata *_metadata); \
	static inline void wrapper_##test_name( \
		struct __test_metadata *_metadata, \
		struct __fixture_variant_metadata *variant) \
	{ \
		pid_t __nsc_owner = getpid(); \
		nsc_env_cause_reset(); \
		nsc_env_watch(&_metadata->exit_code, KSFT_FAIL); \
		_metadata->setup_completed = true; \
		if (setjmp(_metadata->env) == 0 && \
		    nsc_requires_met(_metadata, NULL)) \
			test_name(_metadata); \
		if (getpid() != __nsc_owner) \
			_exit(_metadata->exit_code); \
		nsc_env_verdict(_metadata); \
		__test_check_assert(_metadata); \
	} \
	static struct __test_metadata _##test_name##_object = \
		{ .name = #test_name, \
		  .fn = &wrapper_##test_name, \
		  .fixture = &_fixture_global, \
		  .termsig = _signal, \
		  .timeout = TEST_TIMEOUT_DEFAULT, }; \
	static void __attribute__((constructor(KSELFTEST_PRIO_TEST))) \
			_register_##test_name(void) \
	{ \
		__register_test(&_##test_name##_object); \
	} \
	static void test_name( \
		struct __test_metadata __attribute__((unused)) *_metadata)
#endif

#if defined(FIXTURE_TEARDOWN_PARENT) && !defined(NSC_HARNESS_FORK_TEST_F)
#undef __TEST_F_IMPL
#define __TEST_F_IMPL(fixture_name, test_name, signal, tmout) \
	static void fixture_name##_##test_name( \
		struct __test_metadata *_metadata, \
		FIXTURE_DATA(fixture_name) *self, \
		const FIXTURE_VARIANT(fixture_name) *variant); \
	static inline void wrapper_##fixture_name##_##test_name( \
		struct __test_metadata *_metadata, \
		struct __fixture_variant_metadata *variant) \
	{ \
		FIXTURE_DATA(fixture_name) self_private, *self = &self_private; \
		pid_t __nsc_owner = getpid(); \
		(void)fixture_name##_teardown_parent; \
		memset(&self_private, 0, sizeof(self_private)); \
		nsc_env_cause_reset(); \
		nsc_env_watch(&_metadata->exit_code, KSFT_FAIL); \
		if (setjmp(_metadata->env) == 0) { \
			fixture_name##_setup(_metadata, self, variant->data); \
			if (!_metadata->exit_code) \
				_metadata->setup_completed = true; \
			if (!_metadata->exit_code && \
			    nsc_requires_met(_metadata, variant->data)) \
				fixture_name##_##test_name(_metadata, self, \
							   variant->data); \
		} \
		if (getpid() != __nsc_owner) \
			_exit(0); \
		if (_metadata->setup_completed) \
			fixture_name##_teardown(_metadata, self, variant->data); \
		nsc_env_verdict(_metadata); \
		__test_check_assert(_metadata); \
	} \
	static void __attribute__((constructor(KSELFTEST_PRIO_TEST))) \
			_register_##fixture_name##_##test_name(void) \
	{ \
		struct __test_metadata *object = mmap(NULL, sizeof(*object), \
			PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, \
			-1, 0); \
		object->name = #test_name; \
		object->fn = &wrapper_##fixture_name##_##test_name; \
		object->fixture = &_##fixture_name##_fixture_object; \
		object->termsig = signal; \
		object->timeout = tmout; \
		__register_test(object); \
	} \
	static void fixture_name##_##test_name( \
		struct __test_metadata __attribute__((unused)) *_metadata, \
		FIXTURE_DATA(fixture_name) __attribute__((unused)) *self, \
		const FIXTURE_VARIANT(fixture_name) \
			__attribute__((unused)) *variant)
#endif

/* SKIP the test when a probe gives a reason. */
#define NSC_REQUIRE(probe) do { \
	const char *__nsc_why = (probe); \
	if (__nsc_why) \
		SKIP(return, "%s", __nsc_why); \
} while (0)

/* A child's exit code: its SKIP becomes ours, anything but 0 is a FAIL. */
#define NSC_CHILD_VERDICT(rc) do { \
	if ((rc) == NSC_SKIP_RC) \
		SKIP(return, "%s", nsc_skip_reason()); \
	ASSERT_EQ(0, (rc)) \
		TH_LOG("child failed: exit code %d (see its log above)", (rc)); \
} while (0)

/* Wait for a child and take its verdict. */
#define ASSERT_CHILD_OK(c) do { \
	int __nsc_rc = nsc_child_wait(c); \
	NSC_CHILD_VERDICT(__nsc_rc); \
} while (0)

/* Start a child or FAIL, naming the flags. */
#define ASSERT_CHILD_START(c, flags, fn, arg) \
	ASSERT_EQ(0, nsc_child_start((c), (flags), (fn), (arg))) \
		TH_LOG("clone3(flags=%#llx): %m", \
		       (unsigned long long)(flags))

/* Start a held child (nsc_child_start_held) or FAIL. */
#define ASSERT_CHILD_START_HELD(c, flags, fn, arg) \
	ASSERT_EQ(0, nsc_child_start_held((c), (flags), (fn), (arg))) \
		TH_LOG("clone3(flags=%#llx): %m", \
		       (unsigned long long)(flags))

/* Run a child to its end (nsc_child_run): its SKIP is ours, else it must
 * exit 0. */
#define ASSERT_CHILD_RUN(flags, fn, arg) do { \
	int __nsc_rc = nsc_child_run((flags), (fn), (arg)); \
	ASSERT_LE(0, __nsc_rc) \
		TH_LOG("clone(flags=%#llx): %m", (unsigned long long)(flags)); \
	NSC_CHILD_VERDICT(__nsc_rc); \
} while (0)

#include "nsc_variants.h"
#include "nsc_main.h"

#endif /* NSC_HARNESS_H */
