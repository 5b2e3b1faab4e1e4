/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixture variants (part of nsc_harness.h): privilege flavours and one
 * variant per namespace type.
 */
#ifndef NSC_VARIANTS_H
#define NSC_VARIANTS_H

/*
 * Privilege flavours: the fixture's variant struct has an
 * `enum nsc_priv priv` member; each test runs once as real root and once as
 * root of a fresh user namespace (which an unprivileged user can run too).
 */
#define NSC_PRIV_VARIANTS(fixture) \
	FIXTURE_VARIANT_ADD(fixture, root) { .priv = NSC_PRIV_ROOT }; \
	FIXTURE_VARIANT_ADD(fixture, userns) { .priv = NSC_PRIV_USERNS }

#define NSC_ENTER_PRIV(p) do { \
	NSC_REQUIRE(nsc_priv_probe(p)); \
	ASSERT_EQ(0, nsc_priv_enter(p)) \
		TH_LOG("entering the %s flavour: %m", nsc_priv_name(p)); \
} while (0)

/*
 * One variant per namespace type: the variant struct has a
 * `const struct nsc_nstype *type` member.
 */
#define NSC_NSTYPE_VARIANT(fixture, t) \
	FIXTURE_VARIANT_ADD(fixture, t) { .type = &nsc_nstypes[NSC_NS_##t] }
#define NSC_NS_cgroup NSC_NS_CGROUP
#define NSC_NS_ipc NSC_NS_IPC
#define NSC_NS_mnt NSC_NS_MNT
#define NSC_NS_net NSC_NS_NET
#define NSC_NS_pid NSC_NS_PID
#define NSC_NS_time NSC_NS_TIME
#define NSC_NS_user NSC_NS_USER
#define NSC_NS_uts NSC_NS_UTS
#define NSC_NSTYPE_VARIANTS(fixture) \
	NSC_NSTYPE_VARIANT(fixture, cgroup); \
	NSC_NSTYPE_VARIANT(fixture, ipc); \
	NSC_NSTYPE_VARIANT(fixture, mnt); \
	NSC_NSTYPE_VARIANT(fixture, net); \
	NSC_NSTYPE_VARIANT(fixture, pid); \
	NSC_NSTYPE_VARIANT(fixture, time); \
	NSC_NSTYPE_VARIANT(fixture, user); \
	NSC_NSTYPE_VARIANT(fixture, uts)

/*
 * One variant per (privilege flavour, namespace type), named root_uts,
 * userns_net, ...: members `enum nsc_priv priv` and
 * `const struct nsc_nstype *type`.
 */
#define NSC_PT_VARIANT(f, pn, pv, t) \
	FIXTURE_VARIANT_ADD(f, pn##_##t) { \
		.priv = pv, .type = &nsc_nstypes[NSC_NS_##t] }
#define NSC_PT_VARIANTS_1(f, pn, pv) \
	NSC_PT_VARIANT(f, pn, pv, cgroup); NSC_PT_VARIANT(f, pn, pv, ipc); \
	NSC_PT_VARIANT(f, pn, pv, mnt); NSC_PT_VARIANT(f, pn, pv, net); \
	NSC_PT_VARIANT(f, pn, pv, pid); NSC_PT_VARIANT(f, pn, pv, time); \
	NSC_PT_VARIANT(f, pn, pv, user); NSC_PT_VARIANT(f, pn, pv, uts)
#define NSC_PRIV_NSTYPE_VARIANTS(f) \
	NSC_PT_VARIANTS_1(f, root, NSC_PRIV_ROOT); \
	NSC_PT_VARIANTS_1(f, userns, NSC_PRIV_USERNS)

#endif /* NSC_VARIANTS_H */
