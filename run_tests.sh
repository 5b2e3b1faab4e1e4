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
      --plan FILE        run the plan in FILE (a run's plan.tsv) instead of
                         the selection; nsc-vm hands the host's to the guest
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
EXPLAIN="" RUN_ONLY="" REPORT_FROM="" PLAN_FILE="" CHECK=0

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
	--plan) need_arg "$@"; PLAN_FILE=$2; shift 2 ;;
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
[ -n "$PLAN_FILE" ] && [ ! -r "$PLAN_FILE" ] && die2 "--plan: no such file '$PLAN_FILE'"
[ -n "$PLAN_FILE" ] && { [ ${#SEL_SUITES[@]} -gt 0 ] || [ ${#SEL_TESTS[@]} -gt 0 ]; } && die2 "--plan excludes -s and -t (the plan holds the selection)"
if [ -n "$JUNIT" ]; then
	jd=$(dirname -- "$JUNIT")
	[ -d "$jd" ] || die2 "--junit: directory '$jd' does not exist"
fi
[ -z "$JOBS" ] && JOBS=$(nproc 2>/dev/null || echo 1)

# ---------------------------------------------------------------- jobs
# each in a file of its own under harness/run/
for f in deps plan envfacts slots leak report; do . "$SRC/harness/run/$f.sh"; done

# ---------------------------------------------------------------- main
cleanup_stale() {
	local d pid
	for d in "${TMPDIR:-/tmp}"/nsconform.*; do
		pid=${d##*.}; pid=${pid%%-*}
		is_uint "$pid" && [ ! -d "/proc/$pid" ] && rm -rf "$d"
	done
}

main() {
	[ "$LEAK" = 1 ] && leak_own_session "$0" "${ARGS[@]}"
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
	if [ -n "$PLAN_FILE" ]; then read_plan "$PLAN_FILE"; else make_plan; fi
	if [ "$LIST" = 1 ]; then list_plan; exit 0; fi
	cleanup_stale
	if [ ${#KERNELS[@]} -gt 1 ]; then
		. "$SRC/vm/sweep.sh"
		sweep; exit $?
	fi
	local raw keep=0 rc=0 final
	if [ -n "$RUN_ONLY" ]; then raw=$RUN_ONLY; keep=1
	elif [ -n "$OUTDIR" ]; then raw=$OUTDIR; keep=1; rm -rf "$raw"
	else raw=$(mktemp -d "${TMPDIR:-/tmp}/nsconform.$$-XXXX"); fi
	mkdir -p "$raw"
	if [ -n "$KERNEL" ]; then
		[ -x "$SRC/vm/nsc-vm" ] || die2 "--kernel needs vm/nsc-vm, which is missing"
		# the build is static by default, so the guest runs the same
		# binaries (nsc-vm copies the libraries of a dynamic build); the
		# guest runs this plan (the guest's run writes it back)
		write_plan "$raw/plan.tsv"
		"$SRC/vm/nsc-vm" --kernel "$KERNEL" --build "$BUILD" --out "$raw" --timeout-mult "$TMULT" \
			${MODULES:+--modules "$MODULES"} --plan "$raw/plan.tsv" || { note "the VM run failed"; exit 1; }
		[ -n "$RUN_ONLY" ] && exit 0
		report_all "$raw"; rc=$?
		[ "$keep" = 1 ] || rm -rf "$raw"
		exit $rc
	fi
	[ "$LEAK" = 1 ] && leak_begin "$raw"
	if [ "$REPEAT" -gt 1 ]; then execute_rounds "$raw"; final=$raw/final
	else execute "$raw"; final=$raw; fi
	[ "$LEAK" = 1 ] && leak_end "$raw" "$final"
	[ -n "$RUN_ONLY" ] && exit 0
	if [ "$REPEAT" -gt 1 ]; then
		report_all "$final" "$raw"; rc=$?
	else
		report_all "$final"; rc=$?
	fi
	[ "$INTERRUPTED" = 0 ] || rc=130
	[ "$keep" = 1 ] || rm -rf "$raw"
	exit $rc
}

main
