# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# run_tests.sh --kernel IMAGE (sourced for it): the plan runs in a QEMU guest
# booting IMAGE (vm/nsc-vm, vm/README.md), its raw results come back into
# the run's directory and are reported here as a local run's would be.

run_guest() {	# $1 raw dir
	[ -x "$SRC/vm/nsc-vm" ] || die2 "--kernel needs vm/nsc-vm, which is missing"
	# the build is static by default, so the guest runs the same binaries
	# (nsc-vm copies the libraries of a dynamic build); the guest runs
	# this plan and writes it back
	write_plan "$1/plan.tsv"
	"$SRC/vm/nsc-vm" --kernel "$KERNEL" --build "$BUILD" --out "$1" --timeout-mult "$TMULT" \
		${MODULES:+--modules "$MODULES"} --plan "$1/plan.tsv" || { note "the VM run failed"; exit 1; }
}
