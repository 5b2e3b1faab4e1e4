#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lava/check/unit.sh: ktap2lava and lava2results on a fixed KTAP, no LAVA and
# no VM needed (a second or so; make lava-check runs it first). Checks every
# mapping: pass, fail, skip, XFAIL, a crashed program's unreported tests,
# exit statuses, facts, names with characters LAVA refuses, a cut-short
# KTAP, and that lava2results' directory reports the same verdicts.
set -u
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/nsc-lava-unit.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
fails=0
bad() { echo "lava/check/unit: FAIL: $*" >&2; fails=$((fails + 1)); }

cat >"$T/ktap" <<'EOF'
KTAP version 1
# nsconform 0.1
# kernel: 6.1.0-57-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (2026-11-26) x86_64
# privileges: root (uid 0), user namespaces: available
1..2
    KTAP version 1
    # Subtest: uts
    1..1
        KTAP version 1
        # Subtest: hostname_test
        1..2
        ok 1 uts.root.uts_01_new
        ok 2 global.uts_02_skipped # SKIP no such thing
    ok 1 hostname_test
ok 1 uts
    KTAP version 1
    # Subtest: plant
    1..2
        KTAP version 1
        # Subtest: p_test
        1..5
        # a diagnostic line: ok 9 not a result
        ok 1 global.p_01
        not ok 2 global.p_02
        ok 3 global.p_03 # XFAIL known issue: kernel bug
        not ok 4 global.p_04 # not run: program killed by signal 11
        not ok 5 global.p 05/odd # not run: program killed by signal 11
    not ok 1 p_test # 3 failed; program killed by signal 11
        KTAP version 1
        # Subtest: q_test
        1..1
        ok 1 global.q_01 # SKIP all skipped
    ok 2 q_test # SKIP all skipped
not ok 2 plant
EOF
mkdir -p "$T/raw/uts" "$T/raw/plant"
echo 0 >"$T/raw/uts/hostname_test.rc"
echo 139 >"$T/raw/plant/p_test.rc"
echo 4 >"$T/raw/plant/q_test.rc"
cat >"$T/want" <<'EOF'
uts.hostname_test.uts.root.uts_01_new pass
uts.hostname_test.global.uts_02_skipped skip
uts.hostname_test pass 0 exit-status
uts pass
plant.p_test.global.p_01 pass
plant.p_test.global.p_02 fail
plant.p_test.global.p_03 skip 1 xfail
plant.p_test.global.p_04 fail
plant.p_test.global.p_05_odd fail
plant.p_test fail 139 exit-status
plant.q_test.global.q_01 skip
plant.q_test skip 4 exit-status
plant fail
nsconform.kernel.6.1.0-57-amd64 pass
nsconform.arch.x86_64 pass
nsconform.privileges.root pass 0 uid
nsconform.userns.available pass
nsconform fail 1 exit-status
EOF
"$SRC/lava/target/ktap2lava" --print --raw "$T/raw" --rc 1 <"$T/ktap" >"$T/got" 2>"$T/err"
diff -u "$T/want" "$T/got" >&2 || bad "ktap2lava --print differs from the expected cases"
if command -v busybox >/dev/null; then
	busybox sh "$SRC/lava/target/ktap2lava" --print --raw "$T/raw" --rc 1 <"$T/ktap" 2>/dev/null | cmp -s - "$T/want" ||
		bad "ktap2lava under busybox sh/awk differs"
fi
# a KTAP cut short, or none at all: the run fails even with exit status 0
head -n 14 "$T/ktap" | "$SRC/lava/target/ktap2lava" --print --rc 0 2>/dev/null | grep -qx 'nsconform fail 0 exit-status' ||
	bad "a cut-short KTAP with exit 0 is not a failed run"
"$SRC/lava/target/ktap2lava" --print --rc 0 </dev/null 2>/dev/null | grep -qx 'nsconform fail 0 exit-status' ||
	bad "an empty KTAP with exit 0 is not a failed run"
"$SRC/lava/target/ktap2lava" --print --rc 124 </dev/null 2>/dev/null | grep -qx 'nsconform fail 124 exit-status' ||
	bad "a watchdog-killed run (124) is not reported failed"

# lava2results: LAVA records as lava-run logs them, back to a results directory
awk '{ printf "{\"dt\": \"x\", \"lvl\": \"results\", \"msg\": {\"case\": \"%s\", \"definition\": \"0_nsconform\", \"result\": \"%s\"", $1, $2
	if (NF == 4) printf ", \"measurement\": ! \"%s\", \"units\": \"%s\"", $3, $4
	print "}}" }' "$T/got" >"$T/log"
if /usr/bin/python3 -c 'import yaml' 2>/dev/null; then
	/usr/bin/python3 "$SRC/lava/lava2results" --job 7 "$T/log" "$T/res" 2>/dev/null || bad "lava2results failed"
	grep -qx 'kernel=6.1.0-57-amd64' "$T/res/meta.env" || bad "lava2results: no kernel= in meta.env"
	grep -qx 'lava_job=7' "$T/res/meta.env" || bad "lava2results: no lava_job= in meta.env"
	[ "$(cat "$T/res/plant/p_test.rc" 2>/dev/null)" = 139 ] || bad "lava2results: p_test.rc is not 139"
	grep -q '^plant	p_test	global.p_03	xfail	' "$T/res/results.tsv" || bad "lava2results: p_03 is not xfail in results.tsv"
	[ "$(grep -c . "$T/res/results.tsv")" = 8 ] || bad "lava2results: results.tsv does not hold the 8 tests"
	NSC_KNOWN_ISSUES=/dev/null "$SRC/run_tests.sh" --report-from "$T/res" >"$T/report" 2>/dev/null
	grep -q '^        ok 3 global.p_03 # XFAIL' "$T/report" || bad "--report-from: p_03 is not XFAIL"
	grep -q '^        not ok 5 global.p_05_odd' "$T/report" || bad "--report-from: p_05 is not a failure"
	grep -q '^    not ok 1 p_test' "$T/report" || bad "--report-from: p_test is not a failure"
	grep -q '^    ok 2 q_test # SKIP' "$T/report" || bad "--report-from: q_test is not skipped"
	grep -q '^ok 1 uts$' "$T/report" || bad "--report-from: uts does not pass"
	grep -q '^not ok 2 plant$' "$T/report" || bad "--report-from: plant does not fail"
	# a job that died: no "nsconform" case, exit 1
	grep -v '"case": "nsconform"' "$T/log" >"$T/log2"
	/usr/bin/python3 "$SRC/lava/lava2results" "$T/log2" "$T/res2" 2>/dev/null
	[ $? = 1 ] || bad "lava2results: a run without its nsconform case does not exit 1"
fi
[ $fails = 0 ] && echo "lava/check/unit: PASS" >&2
[ $fails = 0 ]
