/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a test declares beside its TEST/TEST_F: the catalogue rules it
 * proves and what it needs to run. Both are data in the program (a table
 * in the "nsc_decl" section), so the program lists them (NSC_LIST=tsv) and
 * the harness checks the requirements before the body; nothing reads the
 * sources. Independent of the kselftest header.
 *
 *	NSC_RULES(uts_02_hostname_change_stays_inside, "UTS-02", "UTS-04");
 *	NSC_REQUIRES(uts_02_hostname_change_stays_inside, NSC_ROOT,
 *		     NSC_TOOL("ip"));
 *	TEST(uts_02_hostname_change_stays_inside)
 *
 * The first argument is the test's name as given to TEST/TEST_F (test
 * names are unique in a program); a declaration naming no test of its
 * program stops the program before it runs anything.
 */
#ifndef NSC_DECL_H
#define NSC_DECL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum nsc_need_kind {
	NSC_NEED_END,		/* terminates a list */
	NSC_NEED_PROBE,		/* probe() gives the reason or NULL */
	NSC_NEED_NSTYPES,	/* nsc_need_nstypes(flags) */
	NSC_NEED_TOOL,		/* nsc_need_tool(name) */
	NSC_NEED_VARIANT,	/* vprobe(the fixture variant's data) */
};

struct nsc_need {
	enum nsc_need_kind kind;
	const char *name;	/* label, tool or probe function */
	const char *(*probe)(void);
	const char *(*vprobe)(const void *variant);
	uint64_t flags;		/* CLONE_NEW* for NSC_NEED_NSTYPES */
};

struct nsc_test_decl {
	const char *test;		/* the TEST/TEST_F name */
	const char *const *rules;	/* NULL-terminated IDs, or NULL */
	const struct nsc_need *needs;	/* NSC_NEED_END-terminated, or NULL */
};

/* requirements */
#define NSC_ROOT { NSC_NEED_PROBE, "root", nsc_need_root, NULL, 0 }
#define NSC_USERNS { NSC_NEED_PROBE, "userns", nsc_need_userns, NULL, 0 }
#define NSC_INIT_PIDNS \
	{ NSC_NEED_PROBE, "init-pidns", nsc_need_init_pidns, NULL, 0 }
#define NSC_INIT_USERNS \
	{ NSC_NEED_PROBE, "init-userns", nsc_need_init_userns, NULL, 0 }
/* the kernel has these types and their user.max_*_namespaces is not 0 */
#define NSC_NSTYPES(clone_flags) \
	{ NSC_NEED_NSTYPES, NULL, NULL, NULL, (clone_flags) }
#define NSC_TOOL(tool) { NSC_NEED_TOOL, (tool), NULL, NULL, 0 }
/* const char *fn(void): NULL, or the reason to SKIP */
#define NSC_PROBE(fn) { NSC_NEED_PROBE, "probe:" #fn, (fn), NULL, 0 }
/* const char *fn(const void *variant): as NSC_PROBE, given the fixture
 * variant's data (FIXTURE_VARIANT(f) *), checked after the fixture's setup */
#define NSC_VARIANT_PROBE(fn) \
	{ NSC_NEED_VARIANT, "probe:" #fn "(variant)", NULL, (fn), 0 }

#define NSC_DECL_(kind, t, ...) \
	static const struct nsc_test_decl *const _nsc_##kind##_##t \
	__attribute__((used, section("nsc_decl"))) = \
		&(const struct nsc_test_decl){ .test = #t, __VA_ARGS__ }

#define NSC_RULES(t, ...) NSC_DECL_(rules, t, \
	.rules = (const char *const []){ __VA_ARGS__, NULL })

#define NSC_REQUIRES(t, ...) NSC_DECL_(requires, t, \
	.needs = (const struct nsc_need []){ __VA_ARGS__, { NSC_NEED_END } })

/* The declarations in this program, in no particular order: the first
 * with prev NULL, then the one after prev; NULL at the end. */
const struct nsc_test_decl *nsc_decl_next(const struct nsc_test_decl *prev);
/* The test's rule IDs (NULL-terminated), or NULL when it declares none. */
const char *const *nsc_test_rules(const char *test);
/* The first declared requirement of the test this host does not meet:
 * its SKIP reason, or NULL. variant: the fixture variant's data. */
const char *nsc_test_requires_why(const char *test, const void *variant);
/* Writes the test's rule IDs, then a tab, then its requirements' labels
 * (space-separated; "-" for none) to f. */
void nsc_test_decl_print(const char *test, FILE *f);

#endif /* NSC_DECL_H */
