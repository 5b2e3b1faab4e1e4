#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# nsconform runner: installs what is missing (as root), builds, runs the
# selected suites and reports KTAP on stdout, a summary on stderr.
# Exit codes follow kselftest: 0 pass, 1 fail, 4 skip (nothing passed),
# 2 bad usage.
set -u -o pipefail
shopt -s nullglob

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD=${NSC_BUILD:-$SRC/build}
NSC_VERSION=0.1
PROG=run_tests.sh
CATALOGUE=$SRC/doc/SEMANTICS.md
KNOWN_ISSUES=${NSC_KNOWN_ISSUES:-$SRC/fixtures/known-issues.tsv}

usage() {
	cat <<'EOF'
Usage: run_tests.sh [OPTIONS]
Run nsconform's namespace conformance suites; KTAP on stdout, summary on stderr.

Selection:
  -s, --suite SUITE      run only SUITE (repeatable; see -L)
  -t, --test PATTERN     run only tests whose name matches PATTERN (repeatable;
                         shell glob, or a substring when it has no * ? [)
  -l, --list             list the selected tests and exit
  -L, --list-suites      list the suites and exit
Running:
  -j, --jobs N           run N test programs at once (default: number of CPUs)
  -T, --timeout-mult X   multiply every per-test and per-program timeout by X
      --repeat N         run the selection N times and report flaky tests
      --leak-check       snapshot host state before/after; FAIL on any leak
      --kernel IMAGE     boot IMAGE under QEMU and run the selection there (see
                         vm/README.md): a bzImage or vmlinux, a Debian package
                         (linux-image-*.deb, or linux-binary-*.deb with its
                         linux-modules-*.deb beside it), debian:NAME (fetched:
                         debian:bookworm, debian:sid, debian:trixie-rt,
                         debian:6.1.0-57-cloud...), or host (no VM). Repeat it
                         for several kernels: each gets -o DIR/<name>/
      --modules DIR|DEB  modules for the --kernel before it
      --vm-jobs N        guests at once with several --kernel (default: CPUs)
      --no-install       never install missing Debian packages
      --no-build         do not run make (use the existing build)
Results:
  -o, --output DIR       keep raw results and per-test logs in DIR
      --junit FILE       also write JUnit XML to FILE
      --coverage         after the run, report each catalogue ID's tests and result
      --format FMT       coverage format: text (default), tsv or json
      --explain ID       print a rule, its source and the tests covering it
                         (with results when -o DIR holds a run) and exit
      --run-only DIR     execute and write raw results to DIR, no report
      --report-from DIR  report from raw results in DIR, run nothing
      --matrix FILE.html DIR...
                         kernel matrix of result directories (-o DIRs): rules
                         by area x kernels, as HTML and FILE.tsv; run nothing
      --compare DIR_A DIR_B
                         the rules whose verdict differs between two result
                         directories, as text; run nothing
      --check            the project's own tests: install, build, self-tests,
                         then every suite with --leak-check, then every suite
                         in each environment of NSC_CHECK_ENVS (default:
                         container-cg userns uid1000 limit-net; see
                         selftest/envs.sh --list; empty: none)
  -h, --help             this help
Environment: NSC_BUILD (build dir, default ./build), KSFT_DIR (kernel selftests dir).
EOF
}

die2() { echo "$PROG: $*" >&2; exit 2; }
note() { echo "$PROG: $*" >&2; }

# ---------------------------------------------------------------- options
SEL_SUITES=()
SEL_TESTS=()
LIST=0 LIST_SUITES=0 JOBS="" TMULT=1 REPEAT=1 LEAK=0 KERNEL="" MODULES=""
KERNELS=() KMODULES=() VM_JOBS="" MATRIX="" MATRIX_DIRS=() COMPARE=()
NO_INSTALL=0 NO_BUILD=${NSC_NO_BUILD:-0} OUTDIR="" JUNIT="" COVERAGE=0 FORMAT=text
EXPLAIN="" RUN_ONLY="" REPORT_FROM="" CHECK=0

need_arg() { [ $# -ge 2 ] && [ -n "$2" ] || die2 "option $1 needs a value"; }
is_uint() { [[ $1 =~ ^[0-9]+$ ]]; }
is_number() { [[ $1 =~ ^[0-9]+([.][0-9]+)?$ ]]; }

ARGS=("$@")
while [ $# -gt 0 ]; do
	case $1 in
	-s|--suite) need_arg "$@"; SEL_SUITES+=("$2"); shift 2 ;;
	-t|--test) need_arg "$@"; SEL_TESTS+=("$2"); shift 2 ;;
	-l|--list) LIST=1; shift ;;
	-L|--list-suites) LIST_SUITES=1; shift ;;
	-j|--jobs) need_arg "$@"; is_uint "$2" && [ "$2" -ge 1 ] || die2 "-j needs a whole number >= 1, not '$2'"; JOBS=$2; shift 2 ;;
	-j*) JOBS=${1#-j}; is_uint "$JOBS" && [ "$JOBS" -ge 1 ] || die2 "-j needs a whole number >= 1, not '$JOBS'"; shift ;;
	-T|--timeout-mult) need_arg "$@"; is_number "$2" && [ "$2" != 0 ] || die2 "--timeout-mult needs a positive number, not '$2'"; TMULT=$2; shift 2 ;;
	--repeat) need_arg "$@"; is_uint "$2" && [ "$2" -ge 1 ] || die2 "--repeat needs a whole number >= 1, not '$2'"; REPEAT=$2; shift 2 ;;
	--leak-check) LEAK=1; shift ;;
	--kernel) need_arg "$@"; KERNELS+=("$2"); KMODULES+=(""); shift 2 ;;
	--modules) need_arg "$@"; [ ${#KERNELS[@]} -gt 0 ] || die2 "--modules needs a --kernel before it"
		KMODULES[-1]=$2; shift 2 ;;
	--vm-jobs) need_arg "$@"; is_uint "$2" && [ "$2" -ge 1 ] || die2 "--vm-jobs needs a whole number >= 1, not '$2'"; VM_JOBS=$2; shift 2 ;;
	--matrix) need_arg "$@"; MATRIX=$2; shift 2
		while [ $# -gt 0 ] && [[ $1 != -* ]]; do MATRIX_DIRS+=("$1"); shift; done ;;
	--compare) [ $# -ge 3 ] || die2 "--compare needs two result directories"; COMPARE=("$2" "$3"); shift 3 ;;
	--no-install) NO_INSTALL=1; shift ;;
	--no-build) NO_BUILD=1; shift ;;
	-o|--output) need_arg "$@"; OUTDIR=$2; shift 2 ;;
	--junit) need_arg "$@"; JUNIT=$2; shift 2 ;;
	--coverage) COVERAGE=1; shift ;;
	--format) need_arg "$@"; case $2 in text|tsv|json) FORMAT=$2 ;; *) die2 "--format must be text, tsv or json, not '$2'" ;; esac; shift 2 ;;
	--explain) need_arg "$@"; EXPLAIN=$2; shift 2 ;;
	--run-only) need_arg "$@"; RUN_ONLY=$2; shift 2 ;;
	--report-from) need_arg "$@"; REPORT_FROM=$2; shift 2 ;;
	--check) CHECK=1; shift ;;
	-h|--help) usage; exit 0 ;;
	--) shift; [ $# -eq 0 ] || die2 "unexpected argument '$1'" ;;
	-*) die2 "unknown option '$1' (see --help)" ;;
	*) die2 "unexpected argument '$1' (see --help)" ;;
	esac
done

for k in "${KERNELS[@]}"; do
	case $k in host|debian:?*) ;; *) [ -e "$k" ] || die2 "--kernel: no such file '$k' (or give debian:NAME, host)" ;; esac
done
for m in "${KMODULES[@]}"; do [ -z "$m" ] || [ -e "$m" ] || die2 "--modules: no such directory or file '$m'"; done
if [ ${#KERNELS[@]} -eq 1 ] && [ "${KERNELS[0]}" != host ]; then KERNEL=${KERNELS[0]} MODULES=${KMODULES[0]}; fi
[ ${#KERNELS[@]} -gt 1 ] && [ -z "$OUTDIR" ] && die2 "several --kernel options need -o DIR (each kernel's results go to DIR/<name>/)"
[ -n "$MATRIX" ] && [ ${#MATRIX_DIRS[@]} -eq 0 ] && die2 "--matrix FILE.html needs result directories after it"
[ -n "$RUN_ONLY" ] && [ -n "$REPORT_FROM" ] && die2 "--run-only and --report-from exclude each other"
[ -n "$REPORT_FROM" ] && [ ! -d "$REPORT_FROM" ] && die2 "--report-from: no such directory '$REPORT_FROM'"
if [ -n "$JUNIT" ]; then
	jd=$(dirname -- "$JUNIT")
	[ -d "$jd" ] || die2 "--junit: directory '$jd' does not exist"
fi
[ -z "$JOBS" ] && JOBS=$(nproc 2>/dev/null || echo 1)

# ---------------------------------------------------------------- set-up
DEB_PACKAGES="build-essential libcap-dev libjson-c-dev linux-source-6.12 xz-utils iproute2 util-linux bridge-utils nftables e2fsprogs python3 perl"

ensure_deps() {
	[ "$NO_INSTALL" = 1 ] && return 0
	[ "$(id -u)" = 0 ] || return 0
	command -v dpkg-query >/dev/null 2>&1 || return 0
	local pkgs=$DEB_PACKAGES missing=() p
	{ [ ${#KERNELS[@]} -gt 0 ] || [ "$CHECK" = 1 ]; } && [ -r "$SRC/vm/deps.txt" ] && pkgs="$pkgs $(grep -v '^#' "$SRC/vm/deps.txt" | tr '\n' ' ')"
	for p in $pkgs; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	note "installing missing Debian packages: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>"$BUILD.apt.err"; then
		apt-get update -q >/dev/null 2>&1
		apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>"$BUILD.apt.err" ||
			{ note "apt-get install failed:"; sed 's/^/  /' "$BUILD.apt.err" >&2; rm -f "$BUILD.apt.err"; exit 2; }
	fi
	rm -f "$BUILD.apt.err"
}

build() {
	[ "$NO_BUILD" = 1 ] && return 0
	command -v make >/dev/null 2>&1 || { [ -d "$BUILD/suites" ] && return 0; die2 "make is not installed (apt-get install build-essential)"; }
	local log
	log=$(make -s -C "$SRC" O="$BUILD" 2>&1) || { echo "$log" >&2; note "build failed"; exit 2; }
	[ -n "$log" ] && printf '%s\n' "$log" | grep -v '^  CC\|^  EXTRACT\|^  HARNESS\|^          sha256' >&2
	return 0
}

# ---------------------------------------------------------------- discovery
suite_settings_timeout() {	# $1 suite dir -> $TIMEOUT
	local k v
	TIMEOUT=45
	[ -r "$1/settings" ] || return 0
	while IFS='=' read -r k v; do
		[ "$k" = timeout ] && is_uint "$v" && TIMEOUT=$v
	done < "$1/settings"
}

all_suites() {
	local d
	for d in "$BUILD"/suites/*/; do
		d=${d%/}
		compgen -G "$d/*_test" >/dev/null && echo "${d##*/}"
	done
}

# glob match: a pattern without glob characters matches as a substring
name_matches() {	# $1 name, $2 pattern
	case $2 in
	*[\*\?\[]*) [[ $1 == $2 ]] ;;
	*) [[ $1 == *"$2"* ]] ;;
	esac
}

# Fills PLAN: lines "suite<TAB>binary<TAB>timeout<TAB>test names (space-separated, '*' = all)"
make_plan() {
	local suites=() s b t names sel n p all_ok
	mapfile -t ALL_SUITES < <(all_suites)
	[ ${#ALL_SUITES[@]} -gt 0 ] || die2 "no test programs in $BUILD/suites (build failed?)"
	if [ ${#SEL_SUITES[@]} -gt 0 ]; then
		for s in "${SEL_SUITES[@]}"; do
			printf '%s\n' "${ALL_SUITES[@]}" | grep -qx -- "$s" ||
				die2 "unknown suite '$s' (suites: ${ALL_SUITES[*]})"
			printf '%s\n' "${suites[@]}" | grep -qx -- "$s" || suites+=("$s")
		done
	else
		suites=("${ALL_SUITES[@]}")
	fi
	PLAN=()
	for s in "${suites[@]}"; do
		suite_settings_timeout "$BUILD/suites/$s"; t=$TIMEOUT
		for b in "$BUILD/suites/$s"/*_test; do
			[ -x "$b" ] || continue
			if [ ${#SEL_TESTS[@]} -eq 0 ]; then
				PLAN+=("$s	${b##*/}	$t	*")
				continue
			fi
			sel=()
			while read -r n; do
				for p in "${SEL_TESTS[@]}"; do
					if name_matches "$n" "$p" || name_matches "${n##*.}" "$p" || name_matches "$s/${b##*/}/$n" "$p"; then
						sel+=("$n"); break
					fi
				done
			done < <(NSC_LIST=1 "$b")
			[ ${#sel[@]} -gt 0 ] && PLAN+=("$s	${b##*/}	$t	${sel[*]}")
		done
	done
	[ ${#PLAN[@]} -gt 0 ] || die2 "no test matches the selection (-s ${SEL_SUITES[*]:-all} -t ${SEL_TESTS[*]:-all})"
}

# ---------------------------------------------------------------- environment facts
tool_version() {	# $1 tool -> version string (empty when absent)
	local out
	case $1 in
	util-linux) out=$(unshare --version 2>/dev/null); [[ $out =~ util-linux\ ([0-9.]+) ]] ;;
	iproute2) out=$(ip -V 2>/dev/null); [[ $out =~ iproute2-(ss)?([0-9][^ ,]*) ]] && BASH_REMATCH[1]=${BASH_REMATCH[1]}${BASH_REMATCH[2]} ;;
	esac && echo "${BASH_REMATCH[1]}"
}

# Facts about the run, few forks (they cost milliseconds here)
write_meta() {	# $1 raw dir
	local cfg="unavailable" lsm="none" ct="none" userns rel ver arch env1="" l
	read -r rel < /proc/sys/kernel/osrelease
	read -r ver < /proc/sys/kernel/version
	arch=$(uname -m)
	[ -r /proc/config.gz ] && cfg=/proc/config.gz
	[ "$cfg" = unavailable ] && [ -r "/boot/config-$rel" ] && cfg="/boot/config-$rel"
	[ -r /sys/kernel/security/lsm ] && read -r lsm < /sys/kernel/security/lsm
	[ -r /proc/1/environ ] && env1=$( { tr '\0' '\n' < /proc/1/environ; } 2>/dev/null)
	# a container is namespaces that are not the initial ones (nsc-env
	# reads them); a marker file or pid 1's container= only names it
	if [ -r /run/.containerenv ]; then ct=podman
	elif [ -r /.dockerenv ]; then ct=docker
	elif [[ $env1 =~ (^|$'\n')container=([^$'\n']*) ]]; then ct=${BASH_REMATCH[2]}
	fi
	if unshare -U true 2>/dev/null; then userns=available; else userns="unavailable"; fi
	{
		echo "kernel=$rel"
		echo "kernel_version=$ver"
		echo "arch=$arch"
		echo "kernel_config=$cfg"
		echo "uid=$EUID"
		if [ "$EUID" = 0 ]; then echo "mode=root"; else echo "mode=unprivileged"; fi
		echo "userns=$userns"
		echo "container_marker=$ct"
		# where the suite stands: ns_not_initial, pidns_level,
		# userns_level, root_of, ns_limit0, ns_missing
		[ -x "$BUILD/bin/nsc-env" ] && "$BUILD/bin/nsc-env" 2>/dev/null
		echo "lsm=${lsm:-none}"
		echo "util_linux=$(tool_version util-linux)"
		echo "iproute2=$(tool_version iproute2)"
		echo "host=$HOSTNAME"
		[ -r "$BUILD/ksft-origin.txt" ] && while IFS= read -r l; do echo "harness_$l"; done < "$BUILD/ksft-origin.txt"
		echo "jobs=$JOBS"
		echo "timeout_mult=$TMULT"
		TZ=UTC printf 'started=%(%Y-%m-%dT%H:%M:%SZ)T\n' -1
	} > "$1/meta.env"
}

# ---------------------------------------------------------------- leak check
# leak_snapshot FILE: the host state a run must leave as it found it
. "$SRC/harness/leak.sh"
# ---------------------------------------------------------------- execution
RUNNING=()
INTERRUPTED=0

# NOW_MS without a fork (bash 5's EPOCHREALTIME)
now_ms() { local t=${EPOCHREALTIME/[.,]/}; NOW_MS=$((t / 1000)); }

on_signal() {
	INTERRUPTED=$1
	local p
	# a slot running a program kills its tree and reports; an idle one ends
	for p in "${SLOT_PID[@]}"; do kill -TERM "$p" 2>/dev/null; done
}

# job slots: one `nsc-exec -S N` per slot runs the programs we hand it, one
# after another, and reports "N EXIT" on the shared done FIFO. A program
# then costs no fork of this shell (2-3 ms each here, and a stall of the
# other CPU on this VM).
declare -a SLOT_PID=() SLOT_FD=() SLOT_KEY=() SLOT_T0=() SLOT_T=() FREE=()
DONE_FD=

slots_start() {	# $1 queue dir, $2 how many
	local q=$1 n=$2 i fd names=()
	for ((i = 0; i < n; i++)); do names+=("$q/in$i"); done
	mkfifo "$q/done" "${names[@]}" || die2 "mkfifo in $q failed"
	exec {DONE_FD}<>"$q/done"
	for ((i = 0; i < n; i++)); do
		NSC_TIMEOUT_MULT=$TMULT "$exec_bin" -S "$i" < "$q/in$i" > "$q/done" &
		SLOT_PID[i]=$!
		exec {fd}<>"$q/in$i"
		SLOT_FD[i]=$fd
		FREE+=("$i")
	done
}

# Reads one "SLOT EXIT" report and files it. A slot reports within its
# program's timeout; if the wait runs past that, a slot that died
# unreported is filed as exit 125 instead of hanging the run.
slot_done() {
	local slot rc i
	slot_deadline
	while ! read -r -t "$DEADLINE" slot rc <&"$DONE_FD"; do
		for i in "${!SLOT_KEY[@]}"; do
			slot_alive "${SLOT_PID[i]}" && continue
			echo "# nsc-exec slot $i died without reporting" >> "${SLOT_KEY[i]}.tap"
			slot=$i rc=125
			break 2
		done
	done
	now_ms
	echo "$rc" > "${SLOT_KEY[slot]}.rc"
	echo $((NOW_MS - SLOT_T0[slot])) > "${SLOT_KEY[slot]}.ms"
	[ -t 2 ] && TESTS_DONE=$((TESTS_DONE + $(grep -cE '^(not )?ok ' "${SLOT_KEY[slot]}.tap")))
	unset "SLOT_KEY[slot]" "SLOT_T0[slot]"
	FREE+=("$slot")
	DONE=$((DONE + 1))
	progress
}

slot_alive() {	# not gone, and not a zombie we have yet to reap
	local pid comm st
	read -r pid comm st _ < "/proc/$1/stat" 2>/dev/null && [ "$st" != Z ]
}

slot_deadline() {	# DEADLINE: the longest timeout among busy slots, plus slack
	local i m=5
	for i in "${!SLOT_KEY[@]}"; do [ "${SLOT_T[i]}" -gt "$m" ] && m=${SLOT_T[i]}; done
	DEADLINE=$((m + 10))
}

slots_stop() {
	local i
	local fd
	for fd in "${SLOT_FD[@]}"; do exec {fd}>&-; done
	exec {DONE_FD}>&-
	wait "${SLOT_PID[@]}" 2>/dev/null
	# a second round (--repeat) starts its slots afresh: a slot left in
	# FREE would be handed two programs at once
	SLOT_FD=() SLOT_PID=() SLOT_KEY=() SLOT_T0=() SLOT_T=() FREE=()
}

progress() {
	[ -t 2 ] || return 0
	now_ms
	printf '\r\033[K[%d/%d programs, %d tests, %ds] %s' "$DONE" "$TOTAL" "$TESTS_DONE" \
		$(( (NOW_MS - RUN_T0) / 1000 )) "${CURRENT:-}" >&2
}

execute() {	# $1 raw dir
	local raw=$1 entry s b t names key exec_bin n ms slot
	exec_bin=$BUILD/bin/nsc-exec
	[ -x "$exec_bin" ] || die2 "missing $exec_bin (build first)"
	mkdir -p "$raw"
	write_meta "$raw"
	now_ms
	TOTAL=${#PLAN[@]} DONE=0 TESTS_DONE=0 RUN_T0=$NOW_MS
	# the timeout multiplier in thousandths, for shell arithmetic
	local tm_milli
	tm_milli=$(awk -v m="$TMULT" 'BEGIN { printf "%d", m * 1000 + 0.5 }')
	trap 'on_signal 2' INT
	trap 'on_signal 15' TERM
	# longest programs first (by the last run's times), so -j N finishes
	# together; the report keeps the plan's order
	local order=() times=$BUILD/.nsc-last-ms
	if [ -r "$times" ] && [ "$JOBS" -gt 1 ]; then
		mapfile -t order < <(printf '%s\n' "${PLAN[@]}" | awk -F'\t' -v f="$times" '
			BEGIN { while ((getline l < f) > 0) { split(l, a, " "); ms[a[2]] = a[1] } }
			{ k = $1 "/" $2; printf "%09d\t%s\n", (k in ms) ? ms[k] : 999999, $0 }' |
			sort -t$'\t' -k1,1nr -s | cut -f2-)
	else
		order=("${PLAN[@]}")
	fi
	# every suite's log directory in one mkdir, not one per program
	local dirs=("$raw/.q") seen=" " nslot=$JOBS line
	for entry in "${PLAN[@]}"; do
		s=${entry%%$'\t'*}
		[[ $seen == *" $s "* ]] || { dirs+=("$raw/$s"); seen+="$s "; }
	done
	mkdir -p "${dirs[@]}"
	[ "$nslot" -le ${#order[@]} ] || nslot=${#order[@]}
	[ "$nslot" -ge 1 ] && slots_start "$raw/.q" "$nslot"
	for entry in "${order[@]}"; do
		[ "$INTERRUPTED" = 0 ] || break
		IFS=$'\t' read -r s b t names <<< "$entry"
		key=$raw/$s/$b
		t=$(( (t * tm_milli + 999) / 1000 ))
		line="$t"$'\t'"$key.tap"$'\t'"$key.timing"$'\t'"$BUILD/suites/$s/$b"
		if [ "$names" != "*" ]; then
			for n in $names; do line+=$'\t-r\t'"$n"; done
			printf '%s\n' $names > "$key.selected"
		fi
		[ ${#FREE[@]} -gt 0 ] || slot_done
		[ "$INTERRUPTED" = 0 ] || break
		slot=${FREE[-1]}
		unset 'FREE[-1]'
		CURRENT="$s/$b"
		now_ms
		SLOT_KEY[slot]=$key SLOT_T0[slot]=$NOW_MS SLOT_T[slot]=$t
		printf '%s\n' "$line" >&"${SLOT_FD[slot]}"
		progress
	done
	while [ ${#SLOT_KEY[@]} -gt 0 ]; do slot_done; done
	slots_stop
	rm -rf "$raw/.q"
	trap - INT TERM
	[ -t 2 ] && printf '\r\033[K' >&2
	now_ms
	echo "wall_ms=$(( NOW_MS - RUN_T0 ))" >> "$raw/meta.env"
	# remember each program's time for the next run's ordering
	if [ -w "$BUILD" ]; then
		{ cat "$times" 2>/dev/null; for e in "${PLAN[@]}"; do
			IFS=$'\t' read -r s b t names <<< "$e"
			[ -r "$raw/$s/$b.ms" ] && { read -r ms < "$raw/$s/$b.ms"; echo "$ms $s/$b"; }
		done; } | awk '{ ms[$2] = $1 } END { for (k in ms) print ms[k], k }' > "$times.tmp" 2>/dev/null &&
			mv "$times.tmp" "$times"
	fi
	[ "$INTERRUPTED" = 0 ] || echo "interrupted=$INTERRUPTED" >> "$raw/meta.env"
	# remember which programs the plan held, for reporting missing ones
	printf '%s\n' "${PLAN[@]}" > "$raw/plan.tsv"
}

# ---------------------------------------------------------------- reporting
. "$SRC/harness/report.sh"

# ---------------------------------------------------------------- main
cleanup_stale() {
	local d pid
	for d in "${TMPDIR:-/tmp}"/nsconform.*; do
		pid=${d##*.}; pid=${pid%%-*}
		is_uint "$pid" && [ ! -d "/proc/$pid" ] && rm -rf "$d"
	done
}

main() {
	if [ "$LEAK" = 1 ]; then
		# the leak check tracks processes by session; session 0 (an init
		# that never called setsid, as CI agents in micro VMs have it) holds
		# every kernel thread and the agent's own processes
		local st; st=$(cat /proc/$$/stat); st=${st##*) }; set -- $st
		if [ "$4" = 0 ]; then
			[ -z "${NSC_SETSID:-}" ] || { note "setsid left the runner in session 0"; exit 1; }
			NSC_SETSID=1 exec setsid -w "$0" "${ARGS[@]}"
		fi
	fi
	if [ "$CHECK" = 1 ]; then
		ensure_deps
		NO_BUILD=0 build
		O="$BUILD" "$SRC/selftest/run.sh" || exit 1
		local a=() s e rc=0 r line
		for s in "${SEL_SUITES[@]}"; do a+=(-s "$s"); done
		"$0" --no-install --no-build --leak-check -o "$BUILD/check-logs" "${a[@]}" || rc=1
		# the environment matrix (selftest/envs.sh: unshare/setpriv, no
		# container engine), the whole selection in each; any FAIL fails
		if [ "$(id -u)" = 0 ] && [ -n "${NSC_CHECK_ENVS-x}" ]; then
			for e in ${NSC_CHECK_ENVS:-container-cg userns uid1000 limit-net}; do
				r=$BUILD/check-logs-$e
				rm -rf "$r" && mkdir -p "$r"
				[ "$e" = uid1000 ] && chown 1000:1000 "$r"
				"$SRC/selftest/envs.sh" "$e" --no-install --no-build -o "$r/raw" "${a[@]}" \
					> "$r/ktap" 2> "$r/summary"
				case $? in
				0|4) line=$(tail -1 "$r/summary"); note "environment $e: $line" ;;
				*) note "environment $e: FAILED ($(tail -1 "$r/summary")); see $r/summary"
				   sed -n '/^failed:/,/passed,/p' "$r/summary" | sed 's/^/  /' >&2
				   rc=1 ;;
				esac
			done
		fi
		exit $rc
	fi
	if [ -n "$EXPLAIN" ]; then
		explain "$EXPLAIN" "${OUTDIR:-}"
		exit $?
	fi
	if [ -n "$REPORT_FROM" ]; then
		report_all "$REPORT_FROM"
		exit $?
	fi
	if [ -n "$MATRIX" ]; then
		exec python3 "$SRC/vm/matrix.py" --src "$SRC" html "$MATRIX" "${MATRIX_DIRS[@]}"
	fi
	if [ ${#COMPARE[@]} -eq 2 ]; then
		exec python3 "$SRC/vm/matrix.py" --src "$SRC" compare "${COMPARE[@]}"
	fi
	ensure_deps
	[ -z "$RUN_ONLY" ] && build
	if [ "$LIST_SUITES" = 1 ]; then all_suites; exit 0; fi
	make_plan
	if [ "$LIST" = 1 ]; then
		local e s b t names n
		for e in "${PLAN[@]}"; do
			IFS=$'\t' read -r s b t names <<< "$e"
			if [ "$names" = "*" ]; then
				NSC_LIST=1 "$BUILD/suites/$s/$b" | sed "s|^|$s/$b/|"
			else
				for n in $names; do echo "$s/$b/$n"; done
			fi
		done
		exit 0
	fi
	cleanup_stale
	if [ ${#KERNELS[@]} -gt 1 ]; then
		. "$SRC/vm/sweep.sh"
		sweep; exit $?
	fi
	local raw keep=0 rc=0 r leak_before leak_procs
	if [ -n "$RUN_ONLY" ]; then raw=$RUN_ONLY; keep=1
	elif [ -n "$OUTDIR" ]; then raw=$OUTDIR; keep=1; rm -rf "$raw"
	else raw=$(mktemp -d "${TMPDIR:-/tmp}/nsconform.$$-XXXX"); fi
	mkdir -p "$raw"
	if [ -n "$KERNEL" ]; then
		[ -x "$SRC/vm/nsc-vm" ] || die2 "--kernel needs vm/nsc-vm, which is missing"
		# the build is static by default, so the guest runs the same
		# binaries (nsc-vm copies the libraries of a dynamic build)
		local vmbuild=$BUILD vmargs=() s t
		for s in "${SEL_SUITES[@]}"; do vmargs+=(-s "$s"); done
		for t in "${SEL_TESTS[@]}"; do vmargs+=(-t "$t"); done
		"$SRC/vm/nsc-vm" --kernel "$KERNEL" --build "$vmbuild" --out "$raw" --timeout-mult "$TMULT" \
			${MODULES:+--modules "$MODULES"} -- "${vmargs[@]}" || { note "the VM run failed"; exit 1; }
		[ -n "$RUN_ONLY" ] && exit 0
		report_all "$raw"; rc=$?
		[ "$keep" = 1 ] || rm -rf "$raw"
		exit $rc
	fi
	if [ "$LEAK" = 1 ]; then
		leak_snapshot "$raw/leak-before.txt"
		leak_processes > "$raw/leak-procs-before.txt"
	fi
	if [ "$REPEAT" -gt 1 ]; then
		for r in $(seq 1 "$REPEAT"); do
			PLAN_ROUND=$r execute "$raw/round-$r"
			[ "$INTERRUPTED" = 0 ] || break
		done
		mkdir -p "$raw/final"
		cp -r "$raw/round-$r/." "$raw/final/"
	else
		execute "$raw"
	fi
	if [ "$LEAK" = 1 ]; then
		leak_snapshot "$raw/leak-after.txt"
		leak_processes > "$raw/leak-procs-after.txt"
		local final=$raw; [ "$REPEAT" -gt 1 ] && final=$raw/final
		leak_compare "$raw" > "$final/leak.result"
	fi
	[ -n "$RUN_ONLY" ] && exit 0
	if [ "$REPEAT" -gt 1 ]; then
		report_all "$raw/final" "$raw"; rc=$?
	else
		report_all "$raw"; rc=$?
	fi
	[ "$INTERRUPTED" = 0 ] || rc=130
	[ "$keep" = 1 ] || rm -rf "$raw"
	exit $rc
}

leak_compare() {	# $1 raw dir -> lines "leak: ..." (empty = clean)
	local raw=$1
	diff <(sort "$raw/leak-before.txt") <(sort "$raw/leak-after.txt") | sed -n 's/^< /removed: /p;s/^> /added: /p'
	# processes still alive in our session that were not there before
	awk 'NR == FNR { seen[$1] = 1; next } !($1 in seen) { print "process left running: pid " $1 " (" $2 ")" }' \
		"$raw/leak-procs-before.txt" "$raw/leak-procs-after.txt" | grep -v "($(basename "$0")\|(bash)\|(awk)\|(cat)\|(tr)\|(sed)\|(sort)\|(diff)" || true
}

main
