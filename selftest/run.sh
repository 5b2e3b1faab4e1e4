#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# nsconform's own tests: lib/harness unit tests, and the runner driven over a
# sample program (pass, fail, skip, hang, leak, flaky), its output read back
# by prove and kunit.py, kill safety, bad input, kselftest install trees.
# Prints TAP; the last line is "N passed, N failed".
set -u -o pipefail
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${O:-$SRC/build}
BUILD=$(cd "$BUILD" && pwd)
RUNNER=$SRC/run_tests.sh
WORK=$(mktemp -d "${TMPDIR:-/tmp}/nsc-selftest.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
KUNIT=$BUILD/ksft/linux-source-6.12/tools/testing/kunit/kunit.py
[ -n "${KSFT_DIR:-}" ] && [ -r "$KSFT_DIR/../kunit/kunit.py" ] && KUNIT=$KSFT_DIR/../kunit/kunit.py

n=0 pass=0 fail=0 skip=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do printf '%s\n' "$l" | sed 's/^/#   /'; done; }
sk() { n=$((n + 1)); skip=$((skip + 1)); echo "ok $n - $1 # SKIP $2"; }
check() { local d=$1; shift; if "$@"; then ok "$d"; else no "$d" "command: $*"; fi; }

echo "TAP version 13"

# the self-tests, too, must leave the host as they found it
. "$SRC/harness/run/leak.sh"
leak_snapshot "$WORK/host-before.txt"

# ---- unit tests of lib/ and harness/ -----------------------------------
out=$("$BUILD/selftest/lib_test" 2>&1); rc=$?
if [ $rc = 0 ]; then ok "lib/harness unit tests ($(grep -c '^ok ' <<< "$out") passed)"
else no "lib/harness unit tests (exit $rc)" "$(grep -E '^not ok|:[0-9]+:' <<< "$out")"; fi

# ---- a fake build tree holding the sample program -----------------------
fake=$WORK/build
mkdir -p "$fake/suites/sample" "$fake/suites/other" "$fake/bin"
cp "$BUILD/selftest/sample_test" "$fake/suites/sample/"
cp "$BUILD/selftest/sample_test" "$fake/suites/other/second_test"
echo "timeout=3" > "$fake/suites/sample/settings"
echo "timeout=3" > "$fake/suites/other/settings"
ln -s "$BUILD/bin/nsc-exec" "$fake/bin/nsc-exec"
ln -s "$BUILD/bin/nsc-env" "$fake/bin/nsc-env"
cp "$BUILD/ksft-origin.txt" "$fake/" 2>/dev/null
run() { NSC_BUILD=$fake "$RUNNER" --no-install --no-build "$@"; }
# in the background, so that $! is the runner itself
run_bg() { ( NSC_BUILD=$fake exec "$RUNNER" --no-install --no-build "$@" ) & }

# passing + skipped run: exit 0, valid KTAP for prove and kunit.py
run > "$WORK/ok.ktap" 2> "$WORK/ok.err"; rc=$?
check "a passing run exits 0" [ $rc = 0 ]
check "the summary ends with the plain closing line" grep -qx '14 passed, 0 failed, 2 skipped' "$WORK/ok.err"
check "the KTAP header names the kernel and privileges" grep -q "^# kernel: $(uname -r)" "$WORK/ok.ktap"
grep -q '^# privileges: ' "$WORK/ok.ktap" && grep -q '^# harness: .*sha256=' "$WORK/ok.ktap" && ok "the KTAP header records privileges and harness origin" || no "KTAP header fields"
if command -v prove >/dev/null; then
	out=$(prove --exec cat "$WORK/ok.ktap" 2>&1)
	check "prove accepts the KTAP" grep -q '^Result: PASS' <<< "$out"
else sk "prove accepts the KTAP" "prove is not installed"; fi
if [ -r "$KUNIT" ] && command -v python3 >/dev/null; then
	out=$(python3 "$KUNIT" parse "$WORK/ok.ktap" 2>&1)
	check "kunit.py parse reads every test case" grep -q 'Ran 16 tests: passed: 14, skipped: 2' <<< "$out"
else sk "kunit.py parse reads the KTAP" "kunit.py or python3 missing"; fi

check "no progress lines when stderr is not a terminal" bash -c '! grep -q $'"'"'\r'"'"' "$1"' _ "$WORK/ok.err"
if command -v script >/dev/null; then
	out=$(NSC_BUILD=$fake script -qec "$RUNNER --no-install --no-build -s sample > /dev/null" /dev/null 2>&1 | tr '\r' '\n')
	check "on a terminal the runner shows progress (programs, tests, elapsed)" grep -q '^.*\[1/1 programs, 8 tests, [0-9]*s\]' <<< "$out"
fi

# TEST_F without the harness's second fork: a failed ASSERT reaches the
# teardown once, in the test process, even when a forked process fails too
NSC_SAMPLE=fixture-fail run -s sample > "$WORK/fx.ktap" 2>&1
check "a failed ASSERT in a TEST_F fails it" grep -q '^        not ok [0-9]* fx.sample_07_fixture_fails_on_request' "$WORK/fx.ktap"
check "the fixture teardown runs exactly once after a failed ASSERT" [ "$(grep -c '# sample teardown in pid' "$WORK/fx.ktap")" = 1 ]

# a failing test: reported failing, exit 1, JUnit failure with its log
NSC_SAMPLE=fail run -s sample --junit "$WORK/j.xml" > "$WORK/fail.ktap" 2> "$WORK/fail.err"; rc=$?
check "a failing test makes the run exit 1" [ $rc = 1 ]
check "the failing test is 'not ok' in the KTAP" grep -q '^        not ok [0-9]* global.sample_03_fails_on_request' "$WORK/fail.ktap"
check "the summary lists the failure" grep -q 'sample/sample_test: global.sample_03_fails_on_request' "$WORK/fail.err"
if command -v python3 >/dev/null; then
	python3 - "$WORK/j.xml" <<'EOF' && ok "JUnit XML is valid and holds the failure with its log" || no "JUnit XML"
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
f = [c for c in r.iter('testcase') if c.find('failure') is not None]
assert r.tag == 'testsuites' and int(r.get('failures')) == 1 and len(f) == 1
assert 'failing on request' in (f[0].find('failure').text or '')
EOF
	out=$(python3 "$KUNIT" parse "$WORK/fail.ktap" 2>&1)
	check "kunit.py parse sees the failure" grep -q 'failed: 1' <<< "$out"
fi

# a hanging test: killed by its timeout with its whole tree; the run goes on
pids=$WORK/hang.pids
start=$(date +%s)
NSC_SAMPLE=hang NSC_SAMPLE_PIDS=$pids run --junit "$WORK/hang.xml" > "$WORK/hang.ktap" 2> "$WORK/hang.err"; rc=$?
check "a hanging program fails the run" [ $rc = 1 ]
check "the hang is reported as a timeout" grep -q 'timeout' "$WORK/hang.ktap"
check "the other programs still ran" grep -q '^    ok [0-9]* second_test\|^    not ok [0-9]* second_test' "$WORK/hang.ktap"
alive=""
if [ -s "$pids" ]; then for p in $(cat "$pids"); do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done; fi
check "the hanging test's whole process tree is gone (setsid and pid-ns children too)" [ -s "$pids" -a -z "$alive" ]
check "tests after the hang reported (not lost)" grep -q 'sample_06_leaks_on_request # not run\|ok [0-9]* global.sample_06' "$WORK/hang.ktap"
# JUnit reads the results join (results.tsv), which keeps a test's log after
# its RUN line, also for one that never ended
check "JUnit holds the hung test's log up to its timeout" \
	bash -c 'grep -A1 "name=\"global.sample_04_hangs_on_request\"" "$1" | grep -q "<failure message=\"not run: timeout: killed by nsc-exec\"># nsc-exec: timeout"' _ "$WORK/hang.xml"

# SIGTERM to the runner: valid KTAP that says it was interrupted, tree gone
rm -f "$pids"
NSC_SAMPLE=hang NSC_SAMPLE_PIDS=$pids run_bg -j1 > "$WORK/int.ktap" 2> "$WORK/int.err"
rpid=$!
for _ in $(seq 100); do [ -s "$pids" ] && [ "$(wc -l < "$pids")" -ge 2 ] && break; read -rt 0.05 <> <(:) || true; done
kill -TERM $rpid; wait $rpid; rc=$?
check "SIGTERM to the runner ends it with status 130" [ $rc = 130 ]
check "the interrupted KTAP says so" grep -q '^# run interrupted by signal 15' "$WORK/int.ktap"
if [ -r "$KUNIT" ]; then python3 "$KUNIT" parse "$WORK/int.ktap" > /dev/null 2>&1; check "the interrupted KTAP still parses" [ $? -le 1 ]; fi
alive=""; for p in $(cat "$pids" 2>/dev/null); do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
check "no test process survives the interrupted runner" [ -z "$alive" ]

# SIGKILL to the runner: nsc-exec notices (PDEATHSIG) and kills the tree
rm -f "$pids"
NSC_SAMPLE=hang NSC_SAMPLE_PIDS=$pids run_bg -j1 -s sample > /dev/null 2>&1
rpid=$!
for _ in $(seq 100); do [ -s "$pids" ] && [ "$(wc -l < "$pids")" -ge 2 ] && break; read -rt 0.05 <> <(:) || true; done
kill -KILL $rpid; wait $rpid 2>/dev/null
for _ in $(seq 40); do alive=""; for p in $(cat "$pids" 2>/dev/null); do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done; [ -z "$alive" ] && break; read -rt 0.05 <> <(:) || true; done
check "after SIGKILL of the runner no test process survives" [ -z "$alive" ]

# nsc-exec finds leftovers through /proc/self/task/*/children, or by a scan
for how in children scan; do
	pidf=$WORK/left-$how.pid envs=()
	[ $how = scan ] && envs=(NSC_EXEC_PROC_SCAN=1)
	out=$(env "${envs[@]}" "$BUILD/bin/nsc-exec" -t 5 -- \
		sh -c 'setsid sleep 30 > /dev/null 2>&1 & echo $! > "$1"' _ "$pidf" 2>&1)
	check "nsc-exec kills a leftover setsid process ($how)" \
		bash -c 'grep -q "killed 1 leftover" <<< "$1" && ! kill -0 "$(cat "$2")" 2>/dev/null' _ "$out" "$pidf"
done

# a job slot (nsc-exec -S): one program after another, each with /dev/null
# as stdin (not the command stream), a report line each, and an exit at EOF
out=$(printf '5\t%s\t\t/bin/sh\t-c\tcat; exit 3\n5\t%s\t\t/bin/sh\t-c\techo second\n' \
	"$WORK/slot1.out" "$WORK/slot2.out" | "$BUILD/bin/nsc-exec" -S 7); rc=$?
check "a job slot runs each program it is handed and reports '7 EXIT' for each" \
	[ "$out" = $'7 3\n7 0' -a $rc = 0 -a "$(cat "$WORK/slot2.out")" = second ]

# leak check catches a leaked SysV queue
NSC_SAMPLE=leak run -s sample --leak-check > "$WORK/leak.ktap" 2>&1; rc=$?
id=$(sed -n 's/.*leaked msq id \([0-9]*\).*/\1/p' "$WORK/leak.ktap" | head -1)
[ -n "$id" ] && ipcrm -q "$id" 2>/dev/null
check "the leak check fails the run" [ $rc = 1 ]
check "the leak check names the leaked object" grep -q "leak-check: added: sysv-msg .* id=$id" "$WORK/leak.ktap"
# in a pid namespace the runner's session leader is outside: /proc shows
# session 0, which pid 1 there (a shell) shares; the runner must leave it
if [ "$(id -u)" = 0 ]; then
	NSC_BUILD=$fake unshare -pf --mount-proc bash -c '"$@"; echo "runner exit $?"' _ \
		"$RUNNER" --no-install --no-build -s sample -t 'sample_01*' --leak-check -o "$WORK/sid0" \
		> "$WORK/sid0.ktap" 2> "$WORK/sid0.err"
	check "a leak-checked run in session 0 takes a session of its own and is clean" \
		eval 'grep -qx "runner exit 0" "$WORK/sid0.ktap" && grep -qx "leak check: clean" "$WORK/sid0.err" &&
			[ -e "$WORK/sid0/leak-procs-before.txt" ] && ! grep -q "^1 " "$WORK/sid0/leak-procs-before.txt"'
fi
# a runner in session 0 (an init that never called setsid) shares it with every kernel thread
kt=$(awk '{ sub(/.*\) /, ""); print $4 }' /proc/2/stat 2>/dev/null)
if [ "$kt" = 0 ]; then
	check "the leak check's process list leaves out kernel threads of the runner's session" \
		bash -c '. "$1"; ! leak_processes 0 | grep -q "^2 "' _ "$SRC/harness/run/leak.sh"
else
	sk "the leak check's process list leaves out kernel threads of the runner's session" "pid 2 is not a kernel thread in session 0 here"
fi

# an environment cause explains the failure after it, not the one before it
NSC_SAMPLE=cause-then-fail run -s sample -t 'sample_08*' > "$WORK/cause1.ktap" 2>&1; rc=$?
check "a failure after an environment cause is that cause's SKIP" \
	grep -q 'ok [0-9]* global.sample_08_env_cause_on_request # SKIP sample environment cause' "$WORK/cause1.ktap"
NSC_SAMPLE=fail-then-cause run -s sample -t 'sample_08*' > "$WORK/cause2.ktap" 2>&1; rc=$?
check "a failure before an environment cause stays a FAIL (exit $rc)" \
	eval '[ $rc = 1 ] && grep -q "not ok [0-9]* global.sample_08_env_cause_on_request" "$WORK/cause2.ktap"'
# flaky test over --repeat
echo 0 > "$WORK/counter"
NSC_SAMPLE=flaky NSC_SAMPLE_COUNTER=$WORK/counter run -s sample --repeat 4 > /dev/null 2> "$WORK/flaky.err"
check "--repeat reports the flaky test" grep -q 'sample_05_fails_every_other_run_on_request  failed 2 of 4' "$WORK/flaky.err"

# --repeat over several programs and job slots (round 2 used to hand one
# slot two programs: "SLOT_KEY[slot]: unbound variable")
run --repeat 3 -j2 > "$WORK/rep.ktap" 2> "$WORK/rep.err"; rc=$?
check "--repeat 3 -j2 over two programs runs every round and reports no flaky test" \
	bash -c '[ $1 = 0 ] && grep -q "^no flaky tests over 3 rounds" "$2" && ! grep -q "unbound variable" "$2"' _ $rc "$WORK/rep.err"
check "the KTAP header says where the suite ran (namespaces, nesting, limits, missing types)" \
	bash -c 'grep -q "^# container: " "$1" && grep -q "^# nesting: pid ns level " "$1" && grep -q "^# namespace limits at 0: " "$1"' _ "$WORK/ok.ktap"

# known issues turn a failure into XFAIL on matching kernels only, and only
# the failure they name: FAILURE must match every failed check of the test
kmm=$(uname -r | cut -d. -f1,2)
printf 'sample/sample_test/*sample_03*\t%s-%s\tfailing on request\tdeliberate sample failure\n' "$kmm" "$kmm" > "$WORK/known.tsv"
KNOWN=$WORK/known.tsv
NSC_KNOWN_ISSUES=$KNOWN NSC_SAMPLE=fail run -s sample > "$WORK/xf.ktap" 2> "$WORK/xf.err"; rc=$?
check "a known issue is reported as XFAIL and does not fail the run" [ $rc = 0 ]
check "the XFAIL carries its reason" grep -q 'sample_03_fails_on_request # XFAIL deliberate sample failure' "$WORK/xf.ktap"
check "a closed range X.Y-X.Y takes in the running X.Y.Z kernel" [ $rc = 0 ]
NSC_KNOWN_ISSUES=$KNOWN NSC_SAMPLE=fail,fail-other run -s sample > "$WORK/xf2.ktap" 2>&1; rc=$?
check "a known issue does not forgive a different failure of the same test" [ $rc = 1 ]
check "... which stays 'not ok'" grep -q '^        not ok [0-9]* global.sample_03_fails_on_request$' "$WORK/xf2.ktap"
NSC_KNOWN_ISSUES=$KNOWN NSC_SAMPLE=fail-other run -s sample > /dev/null 2>&1
check "a known issue does not forgive another failure alone" [ $? = 1 ]
printf 'sample/sample_test/*sample_03*\t%s-\t\tno failure text\n' "$kmm" > "$WORK/known.tsv"
NSC_KNOWN_ISSUES=$KNOWN NSC_SAMPLE=fail run -s sample > /dev/null 2> "$WORK/xf3.err"; rc=$?
check "an entry without FAILURE text forgives nothing" [ $rc = 1 ]
check "... and is reported" grep -q 'known issue ignored: it names no FAILURE text' "$WORK/xf3.err"
printf 'sample/sample_test/*sample_03*\t1.0-2.0\tfailing on request\told kernels only\n' > "$WORK/known.tsv"
NSC_KNOWN_ISSUES=$KNOWN NSC_SAMPLE=fail run -s sample > /dev/null 2>&1
check "a known issue outside its kernel range is still a failure" [ $? = 1 ]
printf 'sample/sample_test/*sample_03*\t1.0-%s\tfailing on request\tfixed in X.Y\n' "$(( $(uname -r | cut -d. -f1) - 1 )).99" > "$WORK/known.tsv"
NSC_KNOWN_ISSUES=$KNOWN NSC_SAMPLE=fail run -s sample > /dev/null 2>&1
check "a known issue closed before the running kernel is still a failure" [ $? = 1 ]

# selection, listing, parallel order
out=$(run -l -t 'sample_0[12]*' -s sample)
check "-t with a glob and -l list the selection" [ "$out" = $'sample/sample_test/global.sample_01_passes\nsample/sample_test/global.sample_02_skips' ]
run -j2 > "$WORK/j2.ktap" 2>/dev/null
check "-j2 gives the same KTAP test lines in the same order as -j1" diff <(grep -E '^ *(not )?ok ' "$WORK/ok.ktap") <(grep -E '^ *(not )?ok ' "$WORK/j2.ktap")
run -t sample_02 > "$WORK/skip.ktap" 2>/dev/null; rc=$?
check "a run where everything skips exits 4" [ $rc = 4 ]
run -o "$WORK/logs" -s sample > /dev/null 2>&1
check "-o keeps per-program logs and per-test timings" [ -s "$WORK/logs/sample/sample_test.tap" -a -s "$WORK/logs/sample/sample_test.timing" ]
out=$(NSC_BUILD=$fake "$RUNNER" --report-from "$WORK/logs" 2>/dev/null)
check "--report-from rebuilds the report from raw results" grep -q '^    ok 1 sample_test' <<< "$out"
# --plan (what nsc-vm hands the guest): exactly the plan's programs and tests
printf 'other\tsecond_test\t3\tglobal.sample_01_passes global.sample_02_skips\n' > "$WORK/plan.tsv"
run --plan "$WORK/plan.tsv" -o "$WORK/planned" > "$WORK/plan.ktap" 2>/dev/null; rc=$?
check "--plan runs exactly the plan's tests (exit $rc)" \
	bash -c '[ $1 = 0 ] && [ "$(grep -cE "^        (not )?ok " "$2")" = 2 ] && cmp -s "$3" "$4/plan.tsv" && [ ! -e "$4/sample" ]' \
	_ $rc "$WORK/plan.ktap" "$WORK/plan.tsv" "$WORK/planned"

# coverage and explain over the real catalogue
out=$("$RUNNER" --explain UTS-02 2>&1)
check "--explain prints the rule and its covering tests" grep -q 'uts/hostname_test:uts_02_hostname_change_stays_inside' <<< "$out"
# every anchor claim is mapped to catalogue rows that exist (doc/ANCHORS.tsv)
missing=$(awk -F'\t' 'NR == FNR { if (match($0, /^\| [A-Z]+-[0-9]+ \|/)) row[substr($0, 3, RLENGTH - 4)] = 1; next }
	!/^#/ { if ($4 == "" || $4 == "MISSING") print "unmapped: " $2; n = split($4, id, " ");
		for (i = 1; i <= n; i++) if (id[i] != "NONE" && !(id[i] in row)) print "no row " id[i] " (" $2 ")" }' \
	"$SRC/doc/SEMANTICS.md" "$SRC/doc/ANCHORS.tsv")
check "doc/ANCHORS.tsv maps every anchor claim to existing catalogue rows${missing:+: $missing}" [ -z "$missing" ]
out=$(NSC_BUILD=$fake "$RUNNER" --no-install --no-build -s sample --coverage --format json 2>/dev/null | tail -1)
if command -v python3 >/dev/null; then
	check "--coverage --format json is valid JSON" python3 -c 'import json,sys; json.loads(sys.argv[1])' "$out"
fi

# bad input: one line on stderr, exit 2
bad=0 kinds=0
for args in "-x" "--frobnicate" "-s nosuchsuite" "-t nosuchtest_zzz" "-j 0" "-j abc" "--repeat 0" \
	"--timeout-mult -1" "--format xml --coverage" "--kernel /nonexistent" "--modules /tmp" "--junit /nonexistent/dir/j.xml" \
	"--report-from /nonexistent" "-o" "stray-argument" "--explain NOPE-99" "--plan /nonexistent" \
	"--plan $WORK/plan.tsv -s sample"; do
	kinds=$((kinds + 1))
	# shellcheck disable=SC2086
	err=$(run $args 2>&1 >/dev/null); rc=$?
	if [ $rc != 2 ] || [ "$(printf '%s\n' "$err" | wc -l)" != 1 ]; then
		bad=$((bad + 1)); echo "#   '$args' -> exit $rc: $err"
	fi
done
check "$kinds kinds of bad input each give one line and exit 2" [ $bad = 0 ]

# kselftest install tree, run by the kernel's own run_kselftest.sh
if [ -r "$BUILD/ksft/linux-source-6.12/tools/testing/selftests/run_kselftest.sh" ] || [ -n "${KSFT_DIR:-}" ]; then
	inst=$WORK/install
	if make -s -C "$SRC" O="$BUILD" install INSTALL_PATH="$inst" SUITES=uts > "$WORK/inst.log" 2>&1; then
		out=$(cd "$inst" && ./run_kselftest.sh -c uts 2>&1); rc=$?
		check "run_kselftest.sh runs the installed tree" grep -q '^ok 1 selftests: uts: hostname_test' <<< "$out"
		check "the installed tree lists its tests" grep -q '^uts:hostname_test$' "$inst/kselftest-list.txt"
	else no "make install" "$(cat "$WORK/inst.log")"; fi
	if make -s -C "$SRC" O="$BUILD" gen_tar SUITES=uts > "$WORK/tar.log" 2>&1; then
		check "make gen_tar yields a tarball with run_kselftest.sh" tar -tzf "$BUILD/kselftest-packages/nsconform.tar.gz" ./run_kselftest.sh
	else no "make gen_tar" "$(cat "$WORK/tar.log")"; fi
else sk "kselftest install tree" "run_kselftest.sh not available"; fi

# unprivileged: the uts suite gives no FAIL as uid 65534
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	ucopy=$WORK/ubuild
	mkdir -p "$ucopy/suites" "$ucopy/bin"
	cp -r "$BUILD/suites/uts" "$ucopy/suites/"
	cp "$BUILD/bin/nsc-exec" "$ucopy/bin/"
	chmod -R a+rX "$WORK"
	out=$(cd / && setpriv --reuid=65534 --regid=65534 --clear-groups env NSC_BUILD="$ucopy" "$RUNNER" --no-install --no-build -s uts 2>&1 >/dev/null)
	check "as uid 65534 the uts suite has no FAIL and runs its userns flavour" grep -qE '^[1-9][0-9]* passed, 0 failed' <<< "$out"
	# user namespaces disabled: SKIP with the probed reason, not FAIL
	out=$(unshare -U -r --propagation unchanged sh -c 'echo 0 > /proc/sys/user/max_user_namespaces && exec "$0" 2>&1' "$BUILD/suites/uts/hostname_test")
	check "with max_user_namespaces = 0 userns tests SKIP naming the switch" grep -q 'SKIP user namespaces disabled: user.max_user_namespaces = 0' <<< "$out"
	check "with user namespaces disabled nothing FAILs" bash -c '! grep -q "^not ok" <<< "$1"' _ "$out"
fi

# bench/jobs.sh: interleaved -j1/-j2 pairs and the summary line
out=$(NSC_BUILD=$fake "$SRC/bench/jobs.sh" -n 2 -- -s sample 2>&1); rc=$?
check "bench/jobs.sh times -j1 against -j2 in pairs and sums them up (exit $rc)" \
	grep -qE '^median -j1 [0-9.]+ s, -j2 [0-9.]+ s \([-+][0-9.]+ %\); -j2 faster in [0-2] of 2 pairs$' <<< "$out"
out=$(NSC_BUILD=$fake NSC_SAMPLE=fail "$SRC/bench/jobs.sh" -n 1 -- -s sample 2>&1); rc=$?
check "bench/jobs.sh says when a run failed" [ $rc = 1 ]

# nsbench: JSON output; --compare flags planted slowdowns live, and on recorded
# same-kernel runs flags nothing but a 1.5x slowdown of one operation
if [ -x "$SRC/bench/selftest.sh" ] && [ -x "$BUILD/bin/nsbench" ]; then
	out=$("$SRC/bench/selftest.sh" "$BUILD/bin/nsbench" 2>&1); rc=$?
	if [ $rc = 0 ]; then ok "nsbench: JSON parses, planted slowdowns flagged, recorded same-kernel runs flag nothing but a 1.5x one ($(grep -c '^ok' <<< "$out") checks)"
	else no "nsbench self-test (exit $rc)" "$(grep -v '^ok' <<< "$out" | tail -20)"; fi
fi

# --kernel's package layouts and names, the matrix and --compare (no VM, no network)
if [ -x "$SRC/vm/selftest-parse.sh" ]; then
	out=$("$SRC/vm/selftest-parse.sh" 2>&1); rc=$?
	case $rc in
	0) ok "vm: package layouts, debian:NAME from a local archive, matrix and compare ($(grep -c '^ok ' <<< "$out") checks)" ;;
	4) sk "vm: package layouts, names, matrix" "$(tail -1 <<< "$out")" ;;
	*) no "vm: package layouts, names, matrix (exit $rc)" "$(grep -A3 '^not ok' <<< "$out" | head -30)" ;;
	esac
fi

# the VM runner, when qemu is here
if [ -x "$SRC/vm/selftest.sh" ]; then
	out=$("$SRC/vm/selftest.sh" 2>&1); rc=$?
	case $rc in
	0) ok "--kernel boots a Debian kernel under QEMU and brings results back ($(tail -1 <<< "$out"))"
	   deb=$(ls -t "${NSC_VM_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/nsconform-vm}"/debs/linux-image-*.deb 2>/dev/null | head -1)
	   if [ -n "$deb" ]; then
		NSC_BUILD=$BUILD "$RUNNER" --no-install --kernel "$deb" -s uts > "$WORK/vm.ktap" 2> "$WORK/vm.err"; rc=$?
		kv=$(basename "$deb" | sed 's/^linux-image-\([^_]*\)_.*/\1/; s/-unsigned$//')
		check "run_tests.sh --kernel reports the guest kernel's results as KTAP (exit $rc)" \
			grep -q "^# kernel: $kv .*" "$WORK/vm.ktap"
		check "the --kernel KTAP names the VM and holds the uts results" \
			bash -c 'grep -q "^# vm: qemu-" "$1" && grep -q "^        ok [0-9]* .*uts_02_" "$1"' _ "$WORK/vm.ktap"
	   fi ;;
	4) sk "--kernel VM self-test" "$(tail -1 <<< "$out")" ;;
	*) no "--kernel VM self-test (exit $rc)" "$(tail -20 <<< "$out")" ;;
	esac
fi

leak_snapshot "$WORK/host-after.txt"
if diff -u "$WORK/host-before.txt" "$WORK/host-after.txt" > "$WORK/host.diff"; then
	ok "the self-tests left the host as they found it (names, mounts, links, IPC, cgroups, sysctls)"
else no "the self-tests changed the host" "$(grep '^[-+][^-+]' "$WORK/host.diff")"; fi

echo "1..$n"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
