# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# run_tests.sh --check (sourced for it): the project's own tests. Install,
# build, the self-tests, every selected suite with the leak check, then the
# whole selection in each environment of NSC_CHECK_ENVS (selftest/envs.sh:
# unshare/setpriv, no container engine); any FAIL fails.

check_all() {
	ensure_deps
	NO_BUILD=0 build
	O="$BUILD" "$SRC/selftest/run.sh" || return 1
	local a=() s e rc=0 r line
	for s in "${SEL_SUITES[@]}"; do a+=(-s "$s"); done
	"$0" --no-install --no-build --leak-check -o "$BUILD/check-logs" "${a[@]}" || rc=1
	# the environment matrix, the whole selection in each
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
	return $rc
}
