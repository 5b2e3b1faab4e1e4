// SPDX-License-Identifier: GPL-2.0
/*
 * The tests' declarations (NSC_RULES, NSC_REQUIRES): the linker gathers
 * the pointers to them in the "nsc_decl" section, bounded by the
 * __start_/__stop_ symbols it defines (weak: a program may declare none).
 */
#include <stdio.h>
#include <string.h>

#include "nsc_child.h"
#include "nsc_decl.h"

extern const struct nsc_test_decl *const __start_nsc_decl[]
	__attribute__((weak));
extern const struct nsc_test_decl *const __stop_nsc_decl[]
	__attribute__((weak));

const struct nsc_test_decl *nsc_decl_next(const struct nsc_test_decl *prev)
{
	const struct nsc_test_decl *const *p = __start_nsc_decl;

	if (!p)
		return NULL;
	if (prev)
		while (p < __stop_nsc_decl && *p++ != prev)
			;
	return p < __stop_nsc_decl ? *p : NULL;
}

/* The test's declaration of this kind (rules or needs), or NULL. */
static const struct nsc_test_decl *decl_of(const char *test, bool rules)
{
	const struct nsc_test_decl *d = NULL;

	while ((d = nsc_decl_next(d)))
		if (!strcmp(d->test, test) && (rules ? !!d->rules : !!d->needs))
			return d;
	return NULL;
}

const char *const *nsc_test_rules(const char *test)
{
	const struct nsc_test_decl *d = decl_of(test, true);

	return d ? d->rules : NULL;
}

static const char *need_why(const struct nsc_need *n, const void *variant)
{
	switch (n->kind) {
	case NSC_NEED_PROBE:
		return n->probe();
	case NSC_NEED_NSTYPES:
		return nsc_need_nstypes(n->flags);
	case NSC_NEED_TOOL:
		return nsc_need_tool(n->name);
	case NSC_NEED_VARIANT:
		return n->vprobe(variant);
	case NSC_NEED_END:
		break;
	}
	return NULL;
}

const char *nsc_test_requires_why(const char *test, const void *variant)
{
	const struct nsc_test_decl *d = decl_of(test, false);
	const char *why;

	for (const struct nsc_need *n = d ? d->needs : NULL;
	     n && n->kind != NSC_NEED_END; n++)
		if ((why = need_why(n, variant)))
			return why;
	return NULL;
}

void nsc_test_decl_print(const char *test, FILE *f)
{
	const struct nsc_test_decl *d = decl_of(test, false);
	const char *const *id = nsc_test_rules(test);
	const char *sep = "";

	for (; id && *id; id++, sep = " ")
		fprintf(f, "%s%s", sep, *id);
	fputs(sep[0] ? "\t" : "-\t", f);
	sep = "";
	for (const struct nsc_need *n = d ? d->needs : NULL;
	     n && n->kind != NSC_NEED_END; n++) {
		if (n->kind == NSC_NEED_TOOL) {
			fprintf(f, "%stool:%s", sep, n->name);
		} else if (n->kind == NSC_NEED_NSTYPES) {
			for (int i = 0; i < NSC_NS_COUNT; i++)
				if (n->flags & (uint64_t)(unsigned int)
					       nsc_nstypes[i].flag) {
					fprintf(f, "%sns:%s", sep,
						nsc_nstypes[i].name);
					sep = " ";
				}
		} else {
			fprintf(f, "%s%s", sep, n->name);
		}
		sep = " ";
	}
	if (!sep[0])
		fputs("-", f);
}
