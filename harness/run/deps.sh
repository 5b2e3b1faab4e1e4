# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# run_tests.sh's set-up (sourced): the Debian packages a run needs, installed
# when missing (as root, unless --no-install), and the build.

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
