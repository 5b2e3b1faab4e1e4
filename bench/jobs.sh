#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Does running programs in parallel pay off on this machine? Runs the suite
# PAIRS times at -j1 and at -jN, interleaved (j1, jN, j1, jN, ...) so that a
# drift in the machine's load hits both alike, and prints every pair, the
# medians, and in how many pairs -jN won. A benchmark, not a test: it fails
# only when a run itself fails.
#
#   bench/jobs.sh [-n PAIRS] [-j N] [-- RUNNER-ARGS...]     (make bench-jobs)
#
# RUNNER-ARGS go to run_tests.sh (-s SUITE, -t PATTERN, ...); the build is
# used as it is (--no-build), nothing is installed.
set -u
SRC=$(cd "$(dirname "$0")/.." && pwd)
PAIRS=6 JOBS=2
while [ $# -gt 0 ]; do
	case $1 in
	-n) PAIRS=${2:-}; shift 2 || break ;;
	-j) JOBS=${2:-}; shift 2 || break ;;
	--) shift; break ;;
	*) echo "usage: $0 [-n PAIRS] [-j N] [-- RUNNER-ARGS...]" >&2; exit 2 ;;
	esac
done
case $PAIRS$JOBS in *[!0-9]* | '') echo "jobs.sh: -n and -j take numbers" >&2; exit 2 ;; esac
[ "$PAIRS" -ge 1 ] && [ "$JOBS" -ge 2 ] || { echo "jobs.sh: need -n >= 1 and -j >= 2" >&2; exit 2; }

procs() { awk '/^processes /{ print $2 }' /proc/stat; }

# one run: prints "SECONDS PROCESSES", returns the runner's exit code
one() {
	local t0 p0 rc
	p0=$(procs)
	t0=$EPOCHREALTIME
	"$SRC/run_tests.sh" --no-install --no-build -j "$1" "${@:2}" > /dev/null 2>&1
	rc=$?
	awk -v a="$t0" -v b="$EPOCHREALTIME" -v p="$p0" -v q="$(procs)" \
		'BEGIN { printf "%.3f %d\n", b - a, q - p }'
	return $rc
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "# $(uname -r), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $PAIRS pairs, runner args: ${*:-(whole suite)}"
printf '%-6s %10s %10s %12s\n' pair "-j1 (s)" "-j$JOBS (s)" "processes"
a=() b=() wins=0 bad=0 np=0
for i in $(seq "$PAIRS"); do
	r1=$(one 1 "$@"); rc1=$?
	r2=$(one "$JOBS" "$@"); rc2=$?
	for rc in $rc1 $rc2; do [ "$rc" = 0 ] || [ "$rc" = 4 ] || bad=$((bad + 1)); done
	t1=${r1% *} t2=${r2% *} np=${r1#* }
	a+=("$t1") b+=("$t2")
	awk -v x="$t1" -v y="$t2" 'BEGIN { exit !(y < x) }' && wins=$((wins + 1))
	printf '%-6s %10s %10s %12s%s\n' "$i" "$t1" "$t2" "$np" \
		"$([ "$rc1$rc2" = 00 ] || [ "$rc1$rc2" = 44 ] || echo "  (exit $rc1/$rc2)")"
done
m1=$(printf '%s\n' "${a[@]}" | median) m2=$(printf '%s\n' "${b[@]}" | median)
awk -v x="$m1" -v y="$m2" -v w="$wins" -v n="$PAIRS" -v j="$JOBS" 'BEGIN {
	printf "median -j1 %.2f s, -j%d %.2f s (%+.1f %%); -j%d faster in %d of %d pairs\n",
		x, j, y, (y - x) * 100 / x, j, w, n }'
[ $bad = 0 ] || { echo "jobs.sh: $bad run(s) failed: their times are suspect" >&2; exit 1; }
