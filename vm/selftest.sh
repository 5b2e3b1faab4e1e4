#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm/selftest.sh: boot a Debian kernel under QEMU with nsc-vm, run the uts
# suite there, and check that the results came back whole.
# Exit 0 pass, 1 fail, 4 skip (no QEMU, no kernel package to be had).
#
#   NSC_VM_KERNEL=IMAGE  a kernel to use instead of a downloaded Debian one
#   NSC_VM_SUITES="uts"  the suites to run
#   O=DIR                a static build to reuse (else one is made)
set -u
VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$VM_DIR/.." && pwd)
SUITES=${NSC_VM_SUITES:-uts}
CACHE=${NSC_VM_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/nsconform-vm}
skip() { echo "vm/selftest: SKIP: $*" >&2; exit 4; }
fail() { echo "vm/selftest: FAIL: $*" >&2; exit 1; }

for t in "${NSC_VM_QEMU:-qemu-system-x86_64}" busybox bash-static cpio; do
	command -v "$t" >/dev/null || skip "$t not installed (apt-get install $(grep -v '^#' "$VM_DIR/deps.txt" | tr '\n' ' '))"
done

# a Debian kernel package: the newest linux-image-*-amd64 apt knows of,
# fetched once into the cache (never installed)
kernel=${NSC_VM_KERNEL:-}
if [ -z "$kernel" ]; then
	command -v apt-get >/dev/null || skip "no apt-get to fetch a Debian kernel (set NSC_VM_KERNEL=IMAGE)"
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | head -n1)
	[ -n "$pkg" ] || skip "apt knows no linux-image-amd64 (set NSC_VM_KERNEL=IMAGE)"
	mkdir -p "$CACHE/debs" || fail "cannot create $CACHE/debs"
	set -- "$CACHE/debs/${pkg}_"*.deb
	if [ ! -e "$1" ]; then
		(cd "$CACHE/debs" && apt-get download "$pkg" >/dev/null 2>&1) || skip "cannot download $pkg (no network or repository?)"
		set -- "$CACHE/debs/${pkg}_"*.deb
	fi
	[ -e "$1" ] || skip "$pkg did not download"
	kernel=$1
fi
[ -r "$kernel" ] || fail "kernel $kernel not readable"

# a static build of the selected suites
build=${O:-}
if [ -z "$build" ] || ! file "$build/suites/${SUITES%% *}/"*_test 2>/dev/null | grep -q 'statically linked'; then
	build=$CACHE/selftest-build
	make -s -C "$SRC" O="$build" SUITES="$SUITES" LDFLAGS=-static >"$CACHE/selftest-build.log" 2>&1 ||
		fail "static build failed (see $CACHE/selftest-build.log)"
fi

out=$(mktemp -d "${TMPDIR:-/tmp}/nsc-vm-selftest.XXXXXX") || fail "mktemp"
trap 'rm -rf "$out"' EXIT
t0=${EPOCHREALTIME/./}
# the guest runs a plan as run_tests.sh --kernel hands it over: every
# program of the suites, whole, with its suite's timeout
for s in $SUITES; do
	t=$(sed -n 's/^timeout=//p' "$SRC/suites/$s/settings" 2>/dev/null); t=${t:-45}
	for b in "$build/suites/$s/"*_test; do printf '%s\t%s\t%s\t*\n' "$s" "${b##*/}" "$t"; done
done > "$out/plan.tsv"
"$VM_DIR/nsc-vm" --quiet --kernel "$kernel" --build "$build" --out "$out" --watchdog 300 --plan "$out/plan.tsv" ||
	fail "nsc-vm failed (above)"
ms=$(( (${EPOCHREALTIME/./} - t0) / 1000 ))

# the results are there, complete, and come from the guest kernel
grep -q '^vm=\(qemu-tcg\|kvm\)$' "$out/meta.env" || fail "meta.env lacks vm="
kver=$(sed -n 's/^kernel=//p' "$out/meta.env" | tail -n1)
[ -n "$kver" ] || fail "meta.env lacks kernel="
case $(basename "$kernel") in
linux-image-*.deb) want=$(basename "$kernel" | sed 's/^linux-image-\([^_]*\)_.*/\1/; s/-unsigned$//')
	[ "$kver" = "$want" ] || fail "guest ran $kver, not $want" ;;
esac
n=0
for s in $SUITES; do
	for b in "$build/suites/$s/"*_test; do
		b=${b##*/}
		[ -s "$out/$s/$b.tap" ] || fail "no $s/$b.tap came back"
		[ -s "$out/$s/$b.rc" ] || fail "no $s/$b.rc came back"
		grep -q "^$s	$b	" "$out/plan.tsv" || fail "the guest's plan.tsv lacks $s/$b"
		grep -q '^# Totals: ' "$out/$s/$b.tap" || fail "$s/$b.tap is incomplete"
		n=$((n + 1))
	done
done
echo "vm/selftest: ok: $n program(s) of '$SUITES' ran on $kver ($(sed -n 's/^vm=//p' "$out/meta.env"), ${ms} ms)"
exit 0
