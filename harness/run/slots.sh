# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# run_tests.sh's execution (sourced): the plan's programs on job slots, raw
# results into a directory (layout in harness/run/report.sh).
#
# Job slots: one `nsc-exec -S N` per slot runs the programs we hand it, one
# after another, and reports "N EXIT" on the shared done FIFO. A program
# then costs no fork of this shell (2-3 ms each here, and a stall of the
# other CPU on this VM).

INTERRUPTED=0
declare -a SLOT_PID=() SLOT_FD=() SLOT_KEY=() SLOT_T0=() SLOT_T=() FREE=()
DONE_FD=

# NOW_MS without a fork (bash 5's EPOCHREALTIME)
now_ms() { local t=${EPOCHREALTIME/[.,]/}; NOW_MS=$((t / 1000)); }

on_signal() {
	INTERRUPTED=$1
	local p
	# a slot running a program kills its tree and reports; an idle one ends
	for p in "${SLOT_PID[@]}"; do kill -TERM "$p" 2>/dev/null; done
}

slots_start() {	# $1 queue dir, $2 how many, $3 nsc-exec
	local q=$1 n=$2 i fd names=()
	for ((i = 0; i < n; i++)); do names+=("$q/in$i"); done
	mkfifo "$q/done" "${names[@]}" || die2 "mkfifo in $q failed"
	exec {DONE_FD}<>"$q/done"
	for ((i = 0; i < n; i++)); do
		NSC_TIMEOUT_MULT=$TMULT "$3" -S "$i" < "$q/in$i" > "$q/done" &
		SLOT_PID[i]=$!
		exec {fd}<>"$q/in$i"
		SLOT_FD[i]=$fd
		FREE+=("$i")
	done
}

# Reads one "SLOT EXIT" report and files it. A slot reports within its
# program's timeout; if the wait runs past that, a slot that died
# unreported is filed as exit 125 instead of hanging the run.
slot_done() {
	local slot rc i
	slot_deadline
	while ! read -r -t "$DEADLINE" slot rc <&"$DONE_FD"; do
		for i in "${!SLOT_KEY[@]}"; do
			slot_alive "${SLOT_PID[i]}" && continue
			echo "# nsc-exec slot $i died without reporting" >> "${SLOT_KEY[i]}.tap"
			slot=$i rc=125
			break 2
		done
	done
	now_ms
	echo "$rc" > "${SLOT_KEY[slot]}.rc"
	echo $((NOW_MS - SLOT_T0[slot])) > "${SLOT_KEY[slot]}.ms"
	[ -t 2 ] && TESTS_DONE=$((TESTS_DONE + $(grep -cE '^(not )?ok ' "${SLOT_KEY[slot]}.tap")))
	unset "SLOT_KEY[slot]" "SLOT_T0[slot]"
	FREE+=("$slot")
	DONE=$((DONE + 1))
	progress
}

slot_alive() {	# not gone, and not a zombie we have yet to reap
	local pid comm st
	read -r pid comm st _ < "/proc/$1/stat" 2>/dev/null && [ "$st" != Z ]
}

slot_deadline() {	# DEADLINE: the longest timeout among busy slots, plus slack
	local i m=5
	for i in "${!SLOT_KEY[@]}"; do [ "${SLOT_T[i]}" -gt "$m" ] && m=${SLOT_T[i]}; done
	DEADLINE=$((m + 10))
}

slots_stop() {
	local fd
	for fd in "${SLOT_FD[@]}"; do exec {fd}>&-; done
	exec {DONE_FD}>&-
	wait "${SLOT_PID[@]}" 2>/dev/null
	# a second round (--repeat) starts its slots afresh: a slot left in
	# FREE would be handed two programs at once
	SLOT_FD=() SLOT_PID=() SLOT_KEY=() SLOT_T0=() SLOT_T=() FREE=()
}

progress() {
	[ -t 2 ] || return 0
	now_ms
	printf '\r\033[K[%d/%d programs, %d tests, %ds] %s' "$DONE" "$TOTAL" "$TESTS_DONE" \
		$(( (NOW_MS - RUN_T0) / 1000 )) "${CURRENT:-}" >&2
}

# ORDER: the plan, longest programs first (by the last run's times in
# $1), so that -j N finishes together; the report keeps the plan's order
plan_order() {	# $1 times file
	if [ -r "$1" ] && [ "$JOBS" -gt 1 ]; then
		mapfile -t ORDER < <(printf '%s\n' "${PLAN[@]}" | awk -F'\t' -v f="$1" '
			BEGIN { while ((getline l < f) > 0) { split(l, a, " "); ms[a[2]] = a[1] } }
			{ k = $1 "/" $2; printf "%09d\t%s\n", (k in ms) ? ms[k] : 999999, $0 }' |
			sort -t$'\t' -k1,1nr -s | cut -f2-)
	else
		ORDER=("${PLAN[@]}")
	fi
}

# remembers each program's time in $2 for the next run's ordering
save_times() {	# $1 raw dir, $2 times file
	local e s b ms
	[ -w "$BUILD" ] || return 0
	{ cat "$2" 2>/dev/null; for e in "${PLAN[@]}"; do
		IFS=$'\t' read -r s b _ <<< "$e"
		[ -r "$1/$s/$b.ms" ] && { read -r ms < "$1/$s/$b.ms"; echo "$ms $s/$b"; }
	done; } | awk '{ ms[$2] = $1 } END { for (k in ms) print ms[k], k }' > "$2.tmp" 2>/dev/null &&
		mv "$2.tmp" "$2"
}

execute() {	# $1 raw dir
	local raw=$1 entry s b t names key exec_bin n slot
	exec_bin=$BUILD/bin/nsc-exec
	[ -x "$exec_bin" ] || die2 "missing $exec_bin (build first)"
	mkdir -p "$raw"
	write_meta "$raw"
	now_ms
	TOTAL=${#PLAN[@]} DONE=0 TESTS_DONE=0 RUN_T0=$NOW_MS
	# the timeout multiplier in thousandths, for shell arithmetic
	local tm_milli
	tm_milli=$(awk -v m="$TMULT" 'BEGIN { printf "%d", m * 1000 + 0.5 }')
	trap 'on_signal 2' INT
	trap 'on_signal 15' TERM
	local ORDER=() times=$BUILD/.nsc-last-ms
	plan_order "$times"
	# every suite's log directory in one mkdir, not one per program
	local dirs=("$raw/.q") seen=" " nslot=$JOBS line
	for entry in "${PLAN[@]}"; do
		s=${entry%%$'\t'*}
		[[ $seen == *" $s "* ]] || { dirs+=("$raw/$s"); seen+="$s "; }
	done
	mkdir -p "${dirs[@]}"
	[ "$nslot" -le ${#ORDER[@]} ] || nslot=${#ORDER[@]}
	[ "$nslot" -ge 1 ] && slots_start "$raw/.q" "$nslot" "$exec_bin"
	for entry in "${ORDER[@]}"; do
		[ "$INTERRUPTED" = 0 ] || break
		IFS=$'\t' read -r s b t names <<< "$entry"
		key=$raw/$s/$b
		t=$(( (t * tm_milli + 999) / 1000 ))
		line="$t"$'\t'"$key.tap"$'\t'"$key.timing"$'\t'"$BUILD/suites/$s/$b"
		if [ "$names" != "*" ]; then
			for n in $names; do line+=$'\t-r\t'"$n"; done
			printf '%s\n' $names > "$key.selected"
		fi
		[ ${#FREE[@]} -gt 0 ] || slot_done
		[ "$INTERRUPTED" = 0 ] || break
		slot=${FREE[-1]}
		unset 'FREE[-1]'
		CURRENT="$s/$b"
		now_ms
		SLOT_KEY[slot]=$key SLOT_T0[slot]=$NOW_MS SLOT_T[slot]=$t
		printf '%s\n' "$line" >&"${SLOT_FD[slot]}"
		progress
	done
	while [ ${#SLOT_KEY[@]} -gt 0 ]; do slot_done; done
	slots_stop
	rm -rf "$raw/.q"
	trap - INT TERM
	[ -t 2 ] && printf '\r\033[K' >&2
	now_ms
	echo "wall_ms=$(( NOW_MS - RUN_T0 ))" >> "$raw/meta.env"
	save_times "$raw" "$times"
	[ "$INTERRUPTED" = 0 ] || echo "interrupted=$INTERRUPTED" >> "$raw/meta.env"
	# which programs the plan held, for reporting missing ones
	write_plan "$raw/plan.tsv"
}

# --repeat N: the plan N times, each round in DIR/round-R, the last one
# copied to DIR/final for the report
execute_rounds() {	# $1 raw dir
	local r
	for r in $(seq 1 "$REPEAT"); do
		execute "$1/round-$r"
		[ "$INTERRUPTED" = 0 ] || break
	done
	mkdir -p "$1/final"
	cp -r "$1/round-$r/." "$1/final/"
}
