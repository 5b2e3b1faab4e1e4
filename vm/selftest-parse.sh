#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm/selftest-parse.sh: the parts of --kernel that need no VM and no network:
# Debian package layouts (old linux-image-*, new linux-binary-* + modules +
# base), fetching by name from a local signed-less repository (trusted=yes)
# through the private apt configuration, labels of a multi-kernel run, the
# matrix and --compare over two small result directories. Prints TAP.
# Exit 0 pass, 1 fail, 4 skip (dpkg-deb or apt-get missing).
set -u
VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$VM_DIR/.." && pwd)
n=0 fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do printf '%s\n' "$l" | sed 's/^/#   /'; done; }
check() { local d=$1; shift; if "$@"; then ok "$d"; else no "$d" "command: $*"; fi; }
for t in dpkg-deb dpkg-scanpackages apt-get apt-cache python3; do
	command -v "$t" >/dev/null || { echo "1..0 # SKIP $t not installed"; exit 4; }
done
W=$(mktemp -d "${TMPDIR:-/tmp}/nsc-vm-parse.XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT
export NSC_VM_CACHE=$W/cache NSC_VM_QUIET=1
unset NSC_VM_DEB_POOL
echo "TAP version 13"

# ---- fake kernel packages ------------------------------------------------
mkdeb() {	# NAME VERSION DEPENDS FILE=CONTENT... -> pool/NAME_VERSION_amd64.deb
	local name=$1 ver=$2 dep=$3 d=$W/pkg/$1 kv
	shift 3
	mkdir -p "$d/DEBIAN" "$W/pool"
	{
		echo "Package: $name"; echo "Version: $ver"; echo "Architecture: amd64"
		echo "Maintainer: nsconform <nsc@example.org>"; echo "Description: nsconform self-test package"
		[ -n "$dep" ] && echo "Depends: $dep"
	} >"$d/DEBIAN/control"
	for kv in "$@"; do
		mkdir -p "$d/$(dirname "${kv%%=*}")"
		printf '%s\n' "${kv#*=}" >"$d/${kv%%=*}"
	done
	dpkg-deb -Zgzip --root-owner-group --build "$d" "$W/pool/${name}_${ver}_amd64.deb" >/dev/null
}
OV=9.9.9-nsc-amd64 NV=9.9.10-nsc-amd64
mkdeb linux-image-amd64 9.9.9-1 "linux-image-$OV (= 9.9.9-1)"
mkdeb "linux-image-$OV" 9.9.9-1 "" "boot/vmlinuz-$OV=signed kernel" "boot/config-$OV=CONFIG_SIGNED=y"
mkdeb "linux-image-$OV-unsigned" 9.9.9-1 "" "boot/vmlinuz-$OV=not a real kernel" "boot/config-$OV=CONFIG_NSC_OLD=y" \
	"lib/modules/$OV/kernel/drivers/net/veth.ko=not a module"
mkdeb linux-image-amd64 9.9.10-1 "linux-image-$NV (= 9.9.10-1)"
mkdeb "linux-image-$NV" 9.9.10-1 "initramfs-tools, linux-base-$NV (= 9.9.10-1), linux-binary-$NV (= 9.9.10-1), linux-modules-$NV (= 9.9.10-1)"
mkdeb "linux-binary-$NV" 9.9.10-1 "" "usr/lib/modules/$NV/vmlinuz=not a real kernel either"
mkdeb "linux-modules-$NV" 9.9.10-1 "" "usr/lib/modules/$NV/kernel/drivers/net/veth.ko=not a module"
mkdeb "linux-base-$NV" 9.9.10-1 "" "usr/lib/modules/$NV/config=CONFIG_NSC_NEW=y"

# ---- the package layouts (nsc-vm --print-kernel) ---------------------------
pk() { "$VM_DIR/nsc-vm" --print-kernel "$@" 2>&1; }
out=$(pk --kernel "$W/pool/linux-image-$OV-unsigned_9.9.9-1_amd64.deb")
check "old layout: linux-image-*.deb gives boot/vmlinuz-VER, its modules and boot/config-VER" \
	bash -c '[[ $1 == *"version='"$OV"'"* && $1 == *"modules=/"*"/lib/modules/'"$OV"'"* && $1 == *"config=/"*"/boot/config-'"$OV"'"* ]]' _ "$out"
out=$(pk --kernel "$W/pool/linux-binary-${NV}_9.9.10-1_amd64.deb")
check "new layout: linux-binary-*.deb finds linux-modules-* and linux-base-* beside it (vmlinuz, modules, config)" \
	bash -c '[[ $1 == *"version='"$NV"'"* && $1 == *"modules=/"*"/usr/lib/modules/'"$NV"'"* && $1 == *"config=/"*"/usr/lib/modules/'"$NV"'/config"* && $1 == *"packages=linux-binary-"*" linux-modules-"*" linux-base-"* ]]' _ "$out"
mkdir -p "$W/alone" "$W/elsewhere"
cp "$W/pool/linux-binary-${NV}_9.9.10-1_amd64.deb" "$W/alone/"
cp "$W/pool/linux-modules-${NV}_9.9.10-1_amd64.deb" "$W/elsewhere/"
out=$(pk --kernel "$W/alone/linux-binary-${NV}_9.9.10-1_amd64.deb"); rc=$?
check "new layout without its modules package: a clear error naming linux-modules-*" \
	bash -c '[ "$1" != 0 ] && [[ $2 == *"no modules"*"linux-modules-'"$NV"'"* ]]' _ "$rc" "$out"
out=$(pk --kernel "$W/alone/linux-binary-${NV}_9.9.10-1_amd64.deb" --modules "$W/elsewhere/linux-modules-${NV}_9.9.10-1_amd64.deb")
check "new layout with --modules FILE.deb" bash -c '[[ $1 == *"modules=/"*"/usr/lib/modules/'"$NV"'"* ]]' _ "$out"
printf 'MZ not a kernel at all\n' >"$W/junk"
out=$(pk --kernel "$W/junk"); rc=$?
check "a file that is no kernel is refused" bash -c '[ "$1" != 0 ] && [[ $2 == *"neither a bzImage"* ]]' _ "$rc" "$out"

# ---- fetching by name from a local repository ----------------------------
# bookworm holds the old layout, sid the new; each suite its own Packages
mkdir -p "$W/repo/pool"
for s in bookworm sid; do
	d=$W/repo/dists/$s/main/binary-amd64
	mkdir -p "$d" "$W/repo/pool/$s"
	case $s in
	bookworm) cp "$W"/pool/*_9.9.9-1_amd64.deb "$W/repo/pool/$s/" ;;
	sid) cp "$W"/pool/*_9.9.10-1_amd64.deb "$W/repo/pool/$s/" ;;
	esac
	(cd "$W/repo" && dpkg-scanpackages -m "pool/$s" /dev/null 2>/dev/null) >"$d/Packages"
	{
		echo "Suite: $s"; echo "Codename: $s"; echo "Architectures: amd64"; echo "Components: main"
		echo "Date: $(date -Ru)"; echo "SHA256:"
		printf ' %s %s main/binary-amd64/Packages\n' "$(sha256sum <"$d/Packages" | cut -c1-64)" "$(stat -c %s "$d/Packages")"
	} >"$W/repo/dists/$s/Release"
done
printf 'deb [trusted=yes] file:%s bookworm main\ndeb [trusted=yes] file:%s sid main\n' "$W/repo" "$W/repo" >"$W/sources.list"
export NSC_VM_APT_SOURCES=$W/sources.list
dk() { "$VM_DIR/debian-kernel" --cache "$W/cache" "$@"; }
out=$(dk --resolve bookworm 2>/dev/null)
check "debian:bookworm resolves through linux-image-amd64 to the unsigned old-layout package" \
	[ "$out" = "linux-image-$OV-unsigned=9.9.9-1" ]
out=$(dk --resolve sid 2>/dev/null)
check "debian:sid resolves to the new layout's linux-binary, linux-modules and linux-base" \
	[ "$out" = "linux-binary-$NV=9.9.10-1"$'\n'"linux-modules-$NV=9.9.10-1"$'\n'"linux-base-$NV=9.9.10-1" ]
out=$(dk --resolve 9.9.9-nsc 2>/dev/null)
check "a package-version name (debian:9.9.9-nsc) resolves to linux-image-9.9.9-nsc-amd64" \
	[ "$out" = "linux-image-$OV-unsigned=9.9.9-1" ]
out=$(dk --resolve trixie 2>&1); rc=$?
check "a release the archive lacks is a clear error (exit 1)" bash -c '[ "$1" = 1 ] && [[ $2 == *"no linux-image-amd64 in Debian trixie"* ]]' _ "$rc" "$out"
out=$(dk --resolve nonsense 2>&1); rc=$?
check "an unknown name is a clear error (exit 1)" bash -c '[ "$1" = 1 ] && [[ $2 == *"unknown kernel name"* ]]' _ "$rc" "$out"
out=$(dk --resolve bookworm-xx 2>&1); rc=$?
check "an unknown flavour is a clear error" bash -c '[ "$1" = 1 ] && [[ $2 == *"unknown flavour"* ]]' _ "$rc" "$out"
out=$("$VM_DIR/nsc-vm" --print-kernel --kernel debian:sid 2>&1)
check "--kernel debian:sid downloads the three packages and unpacks kernel, modules and config" \
	bash -c '[[ $1 == *"version='"$NV"'"* && $1 == *"config=/"*"/usr/lib/modules/'"$NV"'/config"* && $1 == *"packages=linux-binary-"* ]]' _ "$out"
check "the private apt configuration lives in the cache (sources, lists)" \
	bash -c '[ -s "$1/apt/sources.list" ] && ls "$1"/apt/lists/*_Packages* >/dev/null 2>&1' _ "$W/cache"
printf 'deb [trusted=yes] file:%s/nowhere bookworm main\n' "$W" >"$W/bad.list"
out=$(NSC_VM_APT_SOURCES=$W/bad.list "$VM_DIR/debian-kernel" --cache "$W/cache2" --resolve bookworm 2>&1); rc=$?
check "an unreachable archive is a clear error (offline)" bash -c '[ "$1" = 1 ] && [[ $2 == *"cannot fetch the Debian package lists"* ]]' _ "$rc" "$out"
unset NSC_VM_APT_SOURCES

# ---- several kernels: names of their result directories ------------------
out=$(PROG=x; . "$VM_DIR/sweep.sh"; for k in debian:bookworm-rt /a/linux-image-6.1.0-57-cloud-amd64-unsigned_6.1.192-3_amd64.deb \
	/b/linux-binary-7.2.13+deb14-amd64_7.2.13-1_amd64.deb /c/bzImage host; do sweep_label "$k"; done | tr '\n' ' ')
check "each kernel's result directory is named after it" \
	[ "$out" = "bookworm-rt 6.1.0-57-cloud-amd64-unsigned 7.2.13+deb14-amd64 bzImage host " ]
out=$("$SRC/run_tests.sh" --no-install --no-build --kernel host --kernel debian:sid 2>&1); rc=$?
check "several --kernel without -o DIR is refused (exit 2)" bash -c '[ "$1" = 2 ] && [[ $2 == *"need -o DIR"* ]]' _ "$rc" "$out"

# ---- matrix and compare --------------------------------------------------
mkres() {	# DIR KERNEL STATUS-OF-UTS-02
	mkdir -p "$1"
	printf 'kernel=%s\nkernel_version=#1 SMP\narch=x86_64\nmode=root\n' "$2" >"$1/meta.env"
	printf 'uts\tns_test\tuts.uts_01_new_ns_starts_with_creator_names\tpass\t\t3\n' >"$1/results.tsv"
	printf 'uts\tns_test\tuts.uts_02_hostname_change_stays_inside\t%s\t%s\t4\n' "$3" "${4-}" >>"$1/results.tsv"
}
covered=$(grep -l 'uts_02_hostname_change_stays_inside' "$SRC"/suites/uts/*_test.c | head -n1)
prog=$(basename "$covered" .c)
mkres "$W/r/6.1" 6.1.0-57-amd64 pass
mkres "$W/r/7.2" 7.2.13+deb14-amd64 fail "hostname leaked <out>"
sed -i "s/\tns_test\t/\t$prog\t/" "$W/r/6.1/results.tsv" "$W/r/7.2/results.tsv"
"$SRC/run_tests.sh" --matrix "$W/m.html" "$W/r/6.1" "$W/r/7.2" 2>"$W/m.err"; rc=$?
check "--matrix writes the page and its TSV (exit 0)" bash -c '[ "$1" = 0 ] && [ -s "$2/m.html" ] && [ -s "$2/m.tsv" ]' _ "$rc" "$W"
check "the TSV has one row per catalogue rule, the kernels as columns" \
	bash -c 'head -n1 "$1" | grep -qx "area	rule	differs	6.1	7.2" && [ "$(($(wc -l < "$1") - 1))" = "$(grep -c "^| [A-Z]*-[0-9]* |" "$2")" ]' _ "$W/m.tsv" "$SRC/doc/SEMANTICS.md"
check "UTS-02 differs (pass on 6.1, fail on 7.2); UTS-01 passes on both" \
	bash -c 'grep -qx "UTS	UTS-02	yes	pass	fail" "$1" && grep -qx "UTS	UTS-01	no	pass	pass" "$1"' _ "$W/m.tsv"
check "the page highlights the differing row and puts the reason on hover, escaped" \
	bash -c 'grep -q "<tr class=.diff.><td class=id>UTS-02</td>" "$1" && grep -q "hostname leaked &lt;out&gt;" "$1"' _ "$W/m.html"
check "the page is self-contained (no external resources)" bash -c '! grep -Eqi "(src|href)=[\"'"'"']?(https?:)?//" "$1"' _ "$W/m.html"
out=$("$SRC/run_tests.sh" --compare "$W/r/6.1" "$W/r/7.2"); rc=$?
check "--compare lists the changed rule with its test and reason (exit 1)" \
	bash -c '[ "$1" = 1 ] && [[ $2 == *"UTS-02"*"pass"*"-> fail"* && $2 == *"uts_02_hostname_change_stays_inside: pass -> fail  (hostname leaked <out>)"* ]] && [[ $2 != *UTS-01* ]]' _ "$rc" "$out"
out=$("$SRC/run_tests.sh" --compare "$W/r/6.1" "$W/r/6.1"); rc=$?
check "--compare of a directory with itself: nothing changed (exit 0)" bash -c '[ "$1" = 0 ] && [[ $2 == *"0 of "* ]]' _ "$rc" "$out"
rm "$W/r/7.2/results.tsv"
out=$("$SRC/run_tests.sh" --compare "$W/r/6.1" "$W/r/7.2" 2>&1); rc=$?
check "a directory without results.tsv is refused (exit 2)" bash -c '[ "$1" = 2 ] && [[ $2 == *"no results.tsv"* ]]' _ "$rc" "$out"

echo "1..$n"
[ $fails = 0 ]
