# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# run_tests.sh's report (sourced): raw per-program results -> the results
# join (join.awk: DIR/results.tsv and KTAP on stdout), then from results.tsv
# the summary on stderr, JUnit XML and coverage (coverage.sh).
#
# Raw layout (also what the VM runner brings back):
#   DIR/meta.env                       key=value facts about the run
#   DIR/plan.tsv                       suite, program, timeout, selection
#   DIR/SUITE/PROG.tap                 merged output of the program
#   DIR/SUITE/PROG.rc .ms .timing      exit code, wall ms, per-test ms
#   DIR/SUITE/PROG.names / .selected   all test names (lava/lava2results
#                                      writes them) / the -t selection
# The report adds DIR/results.tsv (join.awk's header says what it holds).

RUN_AWK=$SRC/harness/run

# META: the run's facts from DIR/meta.env, read once (no fork per key)
declare -A META=()
load_meta() {	# $1 raw dir
	local k v
	META=()
	[ -r "$1/meta.env" ] || return 0
	while IFS='=' read -r k v; do
		[ -n "$k" ] && [ -z "${META[$k]+x}" ] && META[$k]=$v
	done < "$1/meta.env"
}

# the results join of one raw directory: DIR/results.tsv, KTAP on stdout,
# "ANY_FAIL ANY_PASS" in DIR/.status
join_results() {	# $1 raw dir, $2 known issues file
	: > "$1/results.tsv"
	awk -F'\t' -v raw="$1" -v res="$1/results.tsv" -v known="$2" -v status="$1/.status" -v build="$BUILD" \
		-f "$RUN_AWK/join.awk"
}

ktap_header() {	# $1 number of top-level tests
	echo "KTAP version 1"
	echo "# nsconform $NSC_VERSION"
	echo "# kernel: ${META[kernel]:-} ${META[kernel_version]:-} ${META[arch]:-}"
	[ -n "${META[vm]:-}" ] && echo "# vm: ${META[vm]:-}, booted in ${META[vm_boot_s]:-} s, guest runner exit ${META[vm_runner_rc]:-}"
	echo "# kernel config: ${META[kernel_config]:-}"
	echo "# privileges: ${META[mode]:-} (uid ${META[uid]:-}), user namespaces: ${META[userns]:-}"
	if [ -n "${META[ns_not_initial]+x}" ]; then
		local ct="no (all initial namespaces)"
		[ -n "${META[ns_not_initial]}" ] && ct="yes (not the initial ${META[ns_not_initial]} namespace)"
		[ "${META[container_marker]:-none}" != none ] && ct="$ct, marker: ${META[container_marker]}"
		echo "# container: $ct, lsm: ${META[lsm]:-}"
		echo "# nesting: pid ns level ${META[pidns_level]:-}, user ns level ${META[userns_level]:-}; root of: ${META[root_of]:-}"
		echo "# namespace limits at 0: ${META[ns_limit0]:-none}; types missing: ${META[ns_missing]:-none}"
	else
		echo "# container: ${META[container]:-${META[container_marker]:-}}, lsm: ${META[lsm]:-}"
	fi
	echo "# tools: util-linux ${META[util_linux]:-}, iproute2 ${META[iproute2]:-}"
	echo "# harness: ${META[harness_header]:-} from ${META[harness_origin]:-} sha256=${META[harness_sha256]:-}"
	echo "# jobs: ${META[jobs]:-}, timeout multiplier: ${META[timeout_mult]:-}"
	[ -n "${META[interrupted]:-}" ] && echo "# run interrupted by signal ${META[interrupted]:-}"
	echo "1..$1"
}

# KTAP for the whole run on stdout, summary on stderr, JUnit, coverage;
# returns the run's exit status (0 pass, 1 fail, 4 all skipped)
report_all() {	# $1 raw dir, [$2 repeat dir]
	local raw=$1 rounds=${2:-} res="$1/results.tsv" known
	load_meta "$raw"
	[ -r "$raw/plan.tsv" ] || die2 "no results in $raw (plan.tsv missing)"
	known=$(mktemp)
	[ -r "$KNOWN_ISSUES" ] && awk -F'\t' -v k="${META[kernel]:-}" -f "$RUN_AWK/known.awk" "$KNOWN_ISSUES" > "$known"
	local suites=()
	mapfile -t suites < <(cut -f1 "$raw/plan.tsv" | awk '!seen[$0]++')
	local nsuites=${#suites[@]} leak_ok=1
	[ -r "$raw/leak.result" ] && nsuites=$((nsuites + 1))
	ktap_header "$nsuites"
	local si=${#suites[@]} any_fail=0 any_pass=0
	join_results "$raw" "$known"
	read -r any_fail any_pass < "$raw/.status"
	rm -f "$raw/.status"
	if [ -r "$raw/leak.result" ]; then
		si=$((si + 1))
		if [ -s "$raw/leak.result" ]; then
			sed 's/^/# leak-check: /' "$raw/leak.result"
			echo "not ok $si leak_check"; any_fail=1; leak_ok=0
		else
			echo "ok $si leak_check"
		fi
	fi
	[ -n "$rounds" ] && join_rounds "$rounds" "$known"
	summary "$raw" "$res" "$rounds" "$leak_ok" >&2
	[ -n "$JUNIT" ] && awk -F'\t' -f "$RUN_AWK/junit.awk" "$res" > "$JUNIT"
	[ "$COVERAGE" = 1 ] && coverage "$res" "${suites[@]}"
	rm -f "$known"
	[ $any_fail = 1 ] && return 1
	[ $any_pass = 1 ] && return 0
	return 4
}

# --repeat: every round but the last joined as the final one was (the
# last round is DIR/final); ROUND_RESULTS lists their results.tsv
join_rounds() {	# $1 repeat dir, $2 known issues file
	local r=1
	ROUND_RESULTS=()
	while [ -d "$1/round-$((r + 1))" ]; do
		join_results "$1/round-$r" "$2" > /dev/null
		rm -f "$1/round-$r/.status"
		ROUND_RESULTS+=("$1/round-$r/results.tsv")
		r=$((r + 1))
	done
	cp "$1/final/results.tsv" "$1/round-$r/results.tsv"
	ROUND_RESULTS+=("$1/round-$r/results.tsv")
}

summary() {	# $1 raw, $2 results, $3 rounds dir, $4 leak ok
	local kernel=${META[kernel]:-} hasleak=0
	[ -n "${META[vm]:-}" ] && kernel+=" (${META[vm]})"
	[ -r "$1/leak.result" ] && hasleak=1
	awk -F'\t' -v wall="${META[wall_ms]:-}" -v kernel="$kernel" -v mode="${META[mode]:-}" -v jobs="${META[jobs]:-}" \
		-v leak="$4" -v hasleak="$hasleak" -f "$RUN_AWK/summary.awk" "$2"
	[ -z "$3" ] || awk -F'\t' -f "$RUN_AWK/flaky.awk" "${ROUND_RESULTS[@]}"
}

. "$RUN_AWK/coverage.sh"
