#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ksft_install.sh DIR [--tar FILE]: lay out the built suites as a kselftest
# install tree (run_kselftest.sh, kselftest/, kselftest-list.txt, one
# collection directory per suite with its binaries and settings), so that the
# kernel's own run_kselftest.sh and fleet runners (LAVA, KernelCI, LKFT) run
# nsconform unchanged. With --tar, also pack the tree into FILE.
set -eu -o pipefail
shopt -s nullglob
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${O:-$SRC/build}
dest=${1:?usage: ksft_install.sh DIR [--tar FILE]}
tarball=""
[ "${2:-}" = --tar ] && tarball=${3:?--tar needs a file}
ksft=${KSFT_DIR:-$BUILD/ksft/linux-source-6.12/tools/testing/selftests}
[ -r "$ksft/run_kselftest.sh" ] || { echo "ksft_install.sh: $ksft/run_kselftest.sh not found (set KSFT_DIR)" >&2; exit 1; }

rm -rf "$dest"
mkdir -p "$dest/kselftest"
cp "$ksft/run_kselftest.sh" "$dest/"
cp -r "$ksft/kselftest/." "$dest/kselftest/"
: > "$dest/kselftest-list.txt"
for s in ${SUITES:-$(ls "$BUILD/suites")}; do
	[ -d "$BUILD/suites/$s" ] || continue
	mkdir -p "$dest/$s"
	for b in "$BUILD/suites/$s"/*_test; do
		cp "$b" "$dest/$s/"
		echo "$s:${b##*/}" >> "$dest/kselftest-list.txt"
	done
	for h in "$BUILD/suites/$s"/*_helper; do cp "$h" "$dest/$s/"; done
	for f in settings config; do
		[ -r "$BUILD/suites/$s/$f" ] && cp "$BUILD/suites/$s/$f" "$dest/$s/"
	done
	[ -r "$dest/$s/settings" ] || echo "timeout=45" > "$dest/$s/settings"
done
if [ -n "$tarball" ]; then
	mkdir -p "$(dirname "$tarball")"
	tar -C "$dest" -czf "$tarball" .
	echo "  TAR     $tarball"
fi
