# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Several kernels in one command (sourced by run_tests.sh when --kernel is
# given more than once): each kernel runs as its own `run_tests.sh --kernel K
# -o DIR/<name>` (or natively for `host`), up to --vm-jobs at once (default:
# the number of CPUs, as each guest is one emulated CPU), and a combined
# summary ends the run (also in DIR/summary.txt). Each DIR/<name>/ is a
# result directory (vm/README.md) with the run's KTAP in report.ktap and its
# summary in report.log; `--matrix` and `--compare` read them.

# a kernel's directory name: debian:NAME -> NAME, a package -> its ABI name,
# a file -> its name
sweep_label() {	# $1 kernel spec
	local l=$1
	case $l in
	debian:*) l=${l#debian:} ;;
	*.deb) l=$(basename "$l"); l=${l%%_*}; l=${l#linux-image-}; l=${l#linux-binary-} ;;
	host) ;;
	*) l=$(basename "$l") ;;
	esac
	l=${l//[^A-Za-z0-9._+-]/_}
	echo "${l:-kernel}"
}

sweep_counts() {	# $1 result dir -> "pass fail skip xfail"
	awk -F'\t' '{ c[$4]++ } END { printf "%d %d %d %d", c["pass"], c["fail"], c["skip"], c["xfail"] }' "$1/results.tsv" 2>/dev/null ||
		echo "- - - -"
}

sweep() {
	local n=${#KERNELS[@]} i label labels=() seen=" " jobs=${VM_JOBS:-$JOBS} running=() pid
	# every kernel runs this run's plan (DIR/plan.tsv)
	local base=("$0" --no-install --no-build -T "$TMULT" -j "$JOBS" --plan "$OUTDIR/plan.tsv")
	[ "$COVERAGE" = 1 ] && base+=(--coverage --format "$FORMAT")
	for ((i = 0; i < n; i++)); do
		label=$(sweep_label "${KERNELS[i]}")
		while [[ $seen == *" $label "* ]]; do label+="+"; done
		seen+="$label "
		labels+=("$label")
	done
	mkdir -p "$OUTDIR" || die2 "cannot create $OUTDIR"
	write_plan "$OUTDIR/plan.tsv"
	[ "$jobs" -le "$n" ] || jobs=$n
	note "$n kernels, $jobs at once, results in $OUTDIR/{$(IFS=,; echo "${labels[*]}")}"
	local -A PID_OF=() T0=()
	SWEEP_PIDS=()
	trap 'for p in "${SWEEP_PIDS[@]}"; do kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null; done; exit 130' INT TERM
	local setsid=()
	command -v setsid >/dev/null && setsid=(setsid)
	local t_all=${EPOCHREALTIME/./}
	for ((i = 0; i < n; i++)); do
		while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
		label=${labels[i]}
		local cmd=("${base[@]}")
		if [ "${KERNELS[i]}" = host ]; then
			[ "$LEAK" = 1 ] && cmd+=(--leak-check)
		else
			cmd+=(--kernel "${KERNELS[i]}")
			[ -n "${KMODULES[i]}" ] && cmd+=(--modules "${KMODULES[i]}")
		fi
		cmd+=(-o "$OUTDIR/$label")
		note "$label: starting (${KERNELS[i]})"
		(
			t0=${EPOCHREALTIME/./}
			"${setsid[@]}" "${cmd[@]}" >"$OUTDIR/.$label.ktap" 2>"$OUTDIR/.$label.log" </dev/null
			rc=$?
			mkdir -p "$OUTDIR/$label"
			mv "$OUTDIR/.$label.ktap" "$OUTDIR/$label/report.ktap"
			mv "$OUTDIR/.$label.log" "$OUTDIR/$label/report.log"
			ms=$(( (${EPOCHREALTIME/./} - t0) / 1000 ))
			{ echo "sweep_label=$label"; echo "sweep_kernel=${KERNELS[i]}"; echo "sweep_rc=$rc"; echo "sweep_ms=$ms"; } >>"$OUTDIR/$label/meta.env"
			read -r p f sk x <<<"$(sweep_counts "$OUTDIR/$label")"
			echo "$PROG: $label: exit $rc after $((ms / 1000)) s: $p pass, $f fail, $sk skip, $x xfail" >&2
			# no results: the VM run failed, and nsc-vm said why
			[ -s "$OUTDIR/$label/results.tsv" ] || grep 'nsc-vm: .*(console:\|nsc-vm: [^ ]*:\|debian-kernel: ' "$OUTDIR/$label/report.log" |
				tail -n 2 | sed "s/^/$PROG: $label:   /" >&2
			exit "$rc"
		) &
		SWEEP_PIDS+=($!)
	done
	wait
	trap - INT TERM
	local total_ms=$(( (${EPOCHREALTIME/./} - t_all) / 1000 )) rc=0 r k
	{
		printf '%-22s %-28s %6s %6s %6s %6s %8s  %s\n' kernel release pass fail skip xfail wall-s exit
		for ((i = 0; i < n; i++)); do
			label=${labels[i]}
			load_meta "$OUTDIR/$label"
			r=${META[sweep_rc]:-?}
			read -r p f sk x <<<"$(sweep_counts "$OUTDIR/$label")"
			printf '%-22s %-28s %6s %6s %6s %6s %8s  %s\n' "$label" "${META[kernel]:--}" "$p" "$f" "$sk" "$x" \
				"$(awk -v m="${META[sweep_ms]:-0}" 'BEGIN { printf "%.0f", m / 1000 }')" \
				"$r$([ "$r" = 1 ] && [ ! -s "$OUTDIR/$label/results.tsv" ] && echo " (no results: see $label/report.log)")"
			case $r in 0) ;; 4) [ $rc = 0 ] && rc=4 ;; *) rc=1 ;; esac
		done
		echo "$n kernels in $((total_ms / 1000)) s ($jobs at once); matrix: $0 --matrix $OUTDIR/matrix.html $OUTDIR/*/"
	} >"$OUTDIR/summary.txt"   # not a pipe: rc must survive the block
	cat "$OUTDIR/summary.txt" >&2
	return $rc
}
