/* SPDX-License-Identifier: GPL-2.0 */
/*
 * main() of a test program (part of nsc_harness.h): timeouts scaled by
 * the runner, the list mode, the declarations checked against the tests.
 */
#ifndef NSC_MAIN_H
#define NSC_MAIN_H

/* Every per-test timeout multiplied by $NSC_TIMEOUT_MULT (the runner's
 * global multiplier, e.g. under QEMU). */
static inline void nsc_scale_timeouts(void)
{
	const char *m = getenv("NSC_TIMEOUT_MULT");
	struct __fixture_metadata *f;
	struct __test_metadata *t;
	double mult = m ? atof(m) : 1.0;

	if (mult <= 0 || mult == 1.0)
		return;
	for (f = __fixture_list; f; f = f->next)
		for (t = f->tests; t; t = t->next)
			t->timeout = (int)(t->timeout * mult + 0.999);
}

/*
 * NSC_LIST=1: every runnable name (the form -r takes), one a line.
 * NSC_LIST=tsv: the same names, each followed by a tab, its rule IDs
 * (space-separated), a tab and its declared requirements ("-" for none):
 *   uts.root.uts_02_hostname_change_stays_inside<TAB>UTS-02<TAB>root
 */
static inline int nsc_list_tests(bool tsv)
{
	struct __fixture_variant_metadata no_variant = { .name = "", };
	struct __fixture_variant_metadata *v;
	struct __fixture_metadata *f;
	struct __test_metadata *t;

	for (f = __fixture_list; f; f = f->next)
		for (v = f->variant ?: &no_variant; v; v = v->next)
			for (t = f->tests; t; t = t->next) {
				printf("%s%s%s.%s%s", f->name,
				       v->name[0] ? "." : "", v->name, t->name,
				       tsv ? "\t" : "");
				if (tsv)
					nsc_test_decl_print(t->name, stdout);
				putchar('\n');
			}
	return 0;
}

/* A declaration (NSC_RULES, NSC_REQUIRES) naming no test of this program
 * is a mistake: say so and refuse to run. */
static inline int nsc_decls_name_tests(void)
{
	const struct nsc_test_decl *d = NULL;
	struct __fixture_metadata *f;
	struct __test_metadata *t;
	int bad = 0;

	while ((d = nsc_decl_next(d))) {
		bool found = false;

		for (f = __fixture_list; f && !found; f = f->next)
			for (t = f->tests; t && !found; t = t->next)
				found = !strcmp(t->name, d->test);
		if (!found) {
			fprintf(stderr, "nsconform: %s of '%s', which is no "
				"test of this program\n", d->rules ?
				"NSC_RULES" : "NSC_REQUIRES", d->test);
			bad = 1;
		}
	}
	return bad;
}

/*
 * A kselftest header older than 6.9, or -DNSC_HARNESS_FORK_TEST_F: the
 * harness's own wrappers run the tests, and this one checks the declared
 * requirements before each (so before a fixture's setup, not after).
 */
#if defined(FIXTURE_TEARDOWN_PARENT) && !defined(NSC_HARNESS_FORK_TEST_F)
static inline void nsc_wrap_requires(void) { }
#else
typedef void (*nsc_test_fn)(struct __test_metadata *,
			    struct __fixture_variant_metadata *);
static nsc_test_fn *nsc_wrapped_fn;
static struct __test_metadata **nsc_wrapped_test;

static void nsc_requires_then_test(struct __test_metadata *t,
				   struct __fixture_variant_metadata *v)
{
	int i = 0;

	while (nsc_wrapped_test[i] != t)
		i++;
	if (nsc_requires_met(t, v ? v->data : NULL))
		nsc_wrapped_fn[i](t, v);
}

static inline void nsc_wrap_requires(void)
{
	struct __fixture_metadata *f;
	struct __test_metadata *t;
	int n = 0;

	for (f = __fixture_list; f; f = f->next)
		for (t = f->tests; t; t = t->next)
			n++;
	nsc_wrapped_fn = calloc(n + 1, sizeof(*nsc_wrapped_fn));
	nsc_wrapped_test = calloc(n + 1, sizeof(*nsc_wrapped_test));
	if (!nsc_wrapped_fn || !nsc_wrapped_test)
		abort();
	n = 0;
	for (f = __fixture_list; f; f = f->next)
		for (t = f->tests; t; t = t->next, n++) {
#if defined(FIXTURE_TEARDOWN_PARENT)
			if (f == &_fixture_global)
				continue;	/* our TEST checks them */
#endif
			nsc_wrapped_test[n] = t;
			nsc_wrapped_fn[n] = t->fn;
			t->fn = nsc_requires_then_test;
		}
}
#endif

#undef TEST_HARNESS_MAIN
#define TEST_HARNESS_MAIN \
	int main(int argc, char **argv) { \
		const char *list = getenv("NSC_LIST"); \
		if (nsc_decls_name_tests()) \
			return KSFT_FAIL; \
		if (list) \
			return nsc_list_tests(!strcmp(list, "tsv")); \
		nsc_scale_timeouts(); \
		nsc_wrap_requires(); \
		return test_harness_run(argc, argv); \
	}

#endif /* NSC_MAIN_H */
