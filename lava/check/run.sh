#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lava/check/run.sh (make lava-check): runs the whole suite through a real
# LAVA job on this machine and checks LAVA's results against the suite's
# KTAP of the same run, case for case.
#
#   make lava-check [LAVA_CHECK_ARGS="--kernel K --suites 'uts pid' --keep DIR"]
#
# K: a Debian linux-image .deb, a bzImage (--modules DIR for its modules), or
# debian:NAME, fetched by vm/debian-kernel (--kernel's fetching: a release
# such as bookworm, or an ABI such as 6.1.0-57) where present, else NAME is a
# package apt-get downloads into the cache (NSC_APT_OPTS adds apt options,
# e.g. a private sources list). Default: this host's Debian release
# (without vm/debian-kernel: the package linux-image-amd64 depends on).
#
# As root (lava-run needs it; it starts QEMU itself, TCG here). Installs
# lava-dispatcher and lava-common (no recommends), QEMU, busybox-static,
# bash-static; takes Debian's device-type templates from the lava-server
# package without installing it. Then: renders the device from qemu.jinja2,
# builds the overlay (the suite plus lava/check/plant_test: planted pass,
# fail, skip, known issue, crash), a ramdisk and the kernel's modules,
# renders lava/jobs/qemu-x86_64.yaml.jinja2 with lava/nsconform.yaml
# inlined, runs lava-run and compares (lava/check/compare.py). Exit 0 pass,
# 1 fail, 4 skip (not root, no kernel to be had).
set -u -o pipefail
shopt -s nullglob
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${NSC_BUILD:-$SRC/build}
CACHE=${NSC_LAVA_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/nsconform-lava}
PROG=lava-check
skip() { echo "$PROG: SKIP: $*" >&2; exit 4; }
fail() { echo "$PROG: FAIL: $*" >&2; exit 1; }
note() { echo "$PROG: $*" >&2; }
sha() { sha256sum "$@" | cut -c1-16; }

KERNEL='' MODULES_DIR='' SUITES='' KEEP=''
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) KERNEL=${2-}; shift 2 ;;
	--modules) MODULES_DIR=${2-}; shift 2 ;;
	--suites) SUITES=${2-}; shift 2 ;;
	--keep) KEEP=${2-}; shift 2 ;;
	*) echo "usage: $0 [--kernel K] [--modules DIR] [--suites 'a b'] [--keep DIR]" >&2; exit 2 ;;
	esac
done
[ "$(id -u)" = 0 ] || skip "lava-run needs root"

# ---- what LAVA needs, installed like the rest of --check
PKGS="lava-dispatcher lava-common qemu-system-x86 busybox-static bash-static cpio kmod file binutils python3-jinja2 python3-yaml"
missing=()
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	note "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
		{ apt-get update -q >/dev/null 2>&1; apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; } ||
		fail "apt-get install ${missing[*]} failed"
fi
PY=/usr/bin/python3   # lava-dispatcher's python, with jinja2 and yaml
# the converters on a fixed KTAP first (a second; no VM)
"$SRC/lava/check/unit.sh" || fail "lava/check/unit.sh"
mkdir -p "$CACHE" || fail "cannot create $CACHE"

# ---- Debian's device-type templates (qemu.jinja2, base.jinja2), from lava-server unpacked
DT=$CACHE/lava-server/usr/share/lava-server/device-types
if [ ! -r "$DT/qemu.jinja2" ]; then
	(cd "$CACHE" && rm -f lava-server_*.deb && apt-get download lava-server >/dev/null 2>&1) ||
		fail "cannot download lava-server (for its device-type templates)"
	set -- "$CACHE"/lava-server_*.deb
	dpkg-deb -x "$1" "$CACHE/lava-server" || fail "cannot unpack $1"
fi
[ -r "$DT/qemu.jinja2" ] || fail "no qemu.jinja2 in lava-server"

# ---- the kernel
if [ -z "$KERNEL" ] && [ -x "$SRC/vm/debian-kernel" ]; then
	KERNEL=debian:$(. /etc/os-release 2>/dev/null; echo "${VERSION_CODENAME:-bookworm}")
elif [ -z "$KERNEL" ]; then
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | head -n1)
	[ -n "$pkg" ] || skip "apt knows no linux-image-amd64: give --kernel"
	KERNEL=debian:$pkg
fi
DEBS=()
case $KERNEL in
debian:*)
	pkg=${KERNEL#debian:}
	if [ -x "$SRC/vm/debian-kernel" ]; then
		# --kernel's own fetching: the package(s) of a release or ABI name
		mapfile -t DEBS < <("$SRC/vm/debian-kernel" "$pkg") || true
		[ ${#DEBS[@]} -gt 0 ] || skip "vm/debian-kernel could not fetch $pkg"
	else
		mkdir -p "$CACHE/debs"
		set -- "$CACHE/debs/${pkg}_"*.deb
		if [ ! -e "${1-}" ]; then
			# shellcheck disable=SC2086 # NSC_APT_OPTS is a list of options
			(cd "$CACHE/debs" && apt-get ${NSC_APT_OPTS-} download "$pkg" >/dev/null 2>&1) || skip "cannot download $pkg"
			set -- "$CACHE/debs/${pkg}_"*.deb
		fi
		[ -e "${1-}" ] || skip "$pkg did not download"
		DEBS=("$1")
	fi
	KERNEL=${DEBS[0]} ;;
*) dpkg-deb --info "$KERNEL" >/dev/null 2>&1 && DEBS=("$KERNEL") ;;
esac
[ -r "$KERNEL" ] || fail "kernel $KERNEL not readable"
KDIR=$CACHE/kernel/$(for d in "${DEBS[@]:-$KERNEL}"; do readlink -f "$d"; stat -L -c '%s %Y' "$d"; done | sha)
if [ ${#DEBS[@]} -gt 0 ]; then
	# old layout: linux-image-* (boot/vmlinuz-V, lib/modules/V); new: linux-binary-*
	# and linux-modules-* (usr/lib/modules/V/vmlinuz and its modules)
	if [ ! -e "$KDIR/.done" ]; then
		note "unpacking ${DEBS[*]##*/}"
		rm -rf "$KDIR" && mkdir -p "$KDIR/root" || fail "cannot write $KDIR"
		for d in "${DEBS[@]}"; do
			dpkg-deb --fsys-tarfile "$d" | tar -x -C "$KDIR/root" --wildcards \
				'./boot/vmlinuz-*' './lib/modules/*' './usr/lib/modules/*' 2>/dev/null
		done
		touch "$KDIR/.done"
	fi
	set -- "$KDIR"/root/boot/vmlinuz-* "$KDIR"/root/usr/lib/modules/*/vmlinuz
	[ -e "${1-}" ] || fail "${DEBS[*]} hold no kernel image"
	VMLINUZ=$1 MODROOT=$KDIR/root
	case $1 in */boot/vmlinuz-*) KVER=${1##*/vmlinuz-} ;; *) KVER=$(basename "$(dirname "$1")") ;; esac
else
	mkdir -p "$KDIR"
	VMLINUZ=$(readlink -f "$KERNEL") MODROOT=${MODULES_DIR}
	KVER=$(file -bL "$VMLINUZ" | sed -n 's/.*version \([^ ,]*\).*/\1/p')
fi
note "kernel $KVER ($VMLINUZ)"

# ---- the ramdisk (a lab's rootfs stand-in), the modules, the overlay
W=$(mktemp -d "${TMPDIR:-/tmp}/nsc-lava-check.XXXXXX") || fail "mktemp"
trap 'rm -rf "$W"' EXIT
chmod 0755 "$W"
RAMDISK=$CACHE/ramdisk-$(sha "$SRC/lava/mkramdisk").cpio.gz
if [ ! -e "$RAMDISK" ]; then
	note "building the ramdisk"
	"$SRC/lava/mkramdisk" "$RAMDISK" || fail "mkramdisk failed"
fi
WANT_MODULES="veth bridge macvlan dummy nf_tables overlay ext4"
MODTAR=''
if [ -n "$MODROOT" ] && [ -n "$KVER" ]; then
	MODTAR=$KDIR/modules-$(echo "$WANT_MODULES" | sha).tar.gz
	[ -e "$MODTAR" ] || "$SRC/lava/mkmodules" "$MODROOT" "$KVER" "$MODTAR" $WANT_MODULES >/dev/null ||
		fail "mkmodules failed"
fi
PLANT=$BUILD/lava/plant
cp "$SRC/lava/check/known-issues.tsv" "$PLANT/known-issues.tsv" || fail "no planted program (run through make lava-check)"
"$SRC/lava/mkoverlay" "$BUILD" "$W/overlay.tar.gz" "$PLANT" >/dev/null || fail "mkoverlay failed"
cp "$VMLINUZ" "$W/vmlinuz"

# ---- the device, from Debian's templates; the job, from ours
"$PY" "$SRC/lava/render" "$SRC/lava/device/qemu-nsc.jinja2" -I "$DT" >"$W/device.yaml" || fail "device render failed"
sel=$SUITES
[ -n "$sel" ] && sel="$sel lavaplant"
"$PY" "$SRC/lava/render" "$SRC/lava/jobs/qemu-x86_64.yaml.jinja2" \
	kernel_url="file://$W/vmlinuz" ramdisk_url="file://$RAMDISK" overlay_url="file://$W/overlay.tar.gz" \
	${MODTAR:+modules_url="file://$MODTAR"} suites="$sel" modules="$WANT_MODULES" job_label="lava-check $KVER" \
	testdef_inline="@$SRC/lava/nsconform.yaml" >"$W/job.yaml" || fail "job render failed"

# ---- the job
note "lava-run: booting $KVER under QEMU (TCG), the suite${SUITES:+ ($SUITES)} and the planted program"
t0=$(date +%s)
lava-run --job-id "$$" --output-dir "$W/out" --device "$W/device.yaml" "$W/job.yaml" >"$W/lava-run.out" 2>"$W/lava.log"
lrc=$?
t1=$(date +%s)
note "lava-run exited $lrc after $((t1 - t0)) s"
[ -n "$KEEP" ] && { mkdir -p "$KEEP" && cp -r "$W/." "$KEEP/"; note "job, device and log kept in $KEEP"; }

# ---- LAVA's results against the KTAP of the same run, and the results directory they make
"$PY" "$SRC/lava/lava2results" "$W/lava.log" "$W/results" 2>"$W/l2r.err"
NSC_BUILD=$BUILD "$SRC/run_tests.sh" --report-from "$W/results" >"$W/report.ktap" 2>/dev/null
# the kernel matrix reads the directory as it reads a --kernel run's
if [ -r "$SRC/vm/matrix.py" ]; then
	"$PY" "$SRC/vm/matrix.py" --src "$SRC" tsv "$W/results" >"$W/matrix.tsv" 2>"$W/matrix.err" ||
		fail "vm/matrix.py cannot read lava2results' directory: $(head -c 300 "$W/matrix.err")"
	note "kernel matrix from the LAVA results: $(grep -vc '^area' "$W/matrix.tsv") rules"
fi
"$PY" "$SRC/lava/check/compare.py" --wall "$((t1 - t0))" --report "$W/report.ktap" ${SUITES:+--subset} "$W/lava.log" ||
	{ [ -n "$KEEP" ] || note "rerun with LAVA_CHECK_ARGS=\"--keep DIR\" to keep the job and its log"; exit 1; }
