# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# run_tests.sh's plan (sourced): which programs run, with which timeout and
# which of their tests. PLAN holds one line per program,
#   suite<TAB>program<TAB>timeout<TAB>test names (space-separated, '*' = all)
# and is what a run leaves in DIR/plan.tsv; nsc-vm hands the host's plan to
# the runner in the guest (--plan FILE), which then runs exactly that.

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

# Fills PLAN from the built programs and the selection (-s, -t)
make_plan() {
	local suites=() s b t sel n p
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

# Fills PLAN from a plan file (--plan), checking that its programs are built
read_plan() {	# $1 plan file
	local e s b
	mapfile -t PLAN < "$1" || die2 "--plan: cannot read '$1'"
	[ ${#PLAN[@]} -gt 0 ] || die2 "--plan: '$1' holds no program"
	for e in "${PLAN[@]}"; do
		IFS=$'\t' read -r s b _ <<< "$e"
		[ -x "$BUILD/suites/$s/$b" ] || die2 "--plan: '$s/$b' is not built in $BUILD"
	done
}

write_plan() {	# $1 file
	printf '%s\n' "${PLAN[@]}" > "$1"
}

list_plan() {	# -l: SUITE/PROGRAM/TEST per selected test
	local e s b t names n
	for e in "${PLAN[@]}"; do
		IFS=$'\t' read -r s b t names <<< "$e"
		if [ "$names" = "*" ]; then
			NSC_LIST=1 "$BUILD/suites/$s/$b" | sed "s|^|$s/$b/|"
		else
			for n in $names; do echo "$s/$b/$n"; done
		fi
	done
}
