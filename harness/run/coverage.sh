# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# run_tests.sh's --coverage and --explain (sourced): which tests cover each
# catalogue rule (doc/SEMANTICS.md), joined with a run's results.tsv.

# covers.tsv from the sources: suite, program, test function, IDs
covers_map() {
	local f
	for f in "$SRC"/suites/*/*_test.c; do
		awk -v suite="$(basename "$(dirname "$f")")" -v prog="$(basename "$f" .c)" '
		/covers:/ { ids = $0; sub(/.*covers:[[:space:]]*/, "", ids); sub(/[[:space:]]*\*\/.*/, "", ids); next }
		/^[[:space:]]*TEST(_F|_SIGNAL|_F_SIGNAL|_F_TIMEOUT)?[[:space:]]*\(/ {
			line = $0; sub(/^[^(]*\(/, "", line); sub(/\).*/, "", line)
			n = split(line, a, ","); name = (/TEST_F/ ? a[2] : a[1]); gsub(/[[:space:]]/, "", name)
			if (ids != "") print suite "\t" prog "\t" name "\t" ids
			ids = ""
		}' "$f"
	done
}

catalogue_ids() { sed -n 's/^| \([A-Z]*-[0-9][0-9]*\) |.*/\1/p' "$CATALOGUE"; }

# Joins the covers map with results: per ID the covering tests and a status.
coverage() {	# $1 results, $2.. selected suites
	local res=$1; shift
	local cov
	cov=$(mktemp)
	covers_map > "$cov"
	catalogue_ids | awk -F'\t' -v fmt="$FORMAT" -v sel="$*" -v cov="$cov" -v res="$res" '
	BEGIN {
		ns = split(sel, sa, " "); for (i = 1; i <= ns; i++) want[toupper(sa[i])] = 1
		while ((getline l < cov) > 0) {
			split(l, a, "\t"); n = split(a[4], ids, /[ ,]+/)
			for (i = 1; i <= n; i++) if (ids[i] != "") { t[ids[i]] = t[ids[i]] (t[ids[i]] ? " " : "") a[1] "/" a[2] ":" a[3]; }
		}
		while ((getline l < res) > 0) {
			split(l, a, "\t"); nm = a[3]; sub(/.*\./, "", nm); k = a[1] "/" a[2] ":" nm
			v = a[4]; if (k in r) v = r[k] "," v; r[k] = v
		}
		if (fmt == "json") printf "["
	}
	{
		id = $1; area = id; sub(/-.*/, "", area)
		if (ns && !(area in want) && !(id in t)) next
		status = "uncovered"; detail = ""; n = split(t[id], ts, " "); np = nf = nsk = nr = nx = 0
		for (i = 1; i <= n; i++) {
			rs = (ts[i] in r) ? r[ts[i]] : "notrun"
			m = split(rs, x, ","); for (j = 1; j <= m; j++) { if (x[j] == "pass") np++; else if (x[j] == "fail") nf++; else if (x[j] == "xfail") nx++; else if (x[j] != "notrun") nsk++; else nr++ }
			detail = detail (detail ? " " : "") ts[i] "=" rs
		}
		# a known kernel issue shows as xfail even where other tests pass
		if (n) status = nf ? "fail" : nx ? "xfail" : np ? "pass" : nsk ? "skip" : "notrun"
		if (ns && !(area in want) && status == "notrun") next
		if (fmt == "tsv") print id "\t" status "\t" detail
		else if (fmt == "json") { printf "%s{\"id\":\"%s\",\"status\":\"%s\",\"tests\":[", (nj++ ? "," : ""), id, status
			for (i = 1; i <= n; i++) printf "%s\"%s\"", (i > 1 ? "," : ""), ts[i]; printf "]}" }
		else printf "%-10s %-9s %s\n", id, status, detail
		cnt[status]++; tot++
	}
	END {
		if (fmt == "json") print "]"
		else if (fmt == "text") printf "coverage: %d rules: %d pass, %d fail, %d xfail (known kernel issue), %d skip, %d not run, %d uncovered\n", tot, cnt["pass"], cnt["fail"], cnt["xfail"], cnt["skip"], cnt["notrun"], cnt["uncovered"]
	}'
	rm -f "$cov"
}

explain() {	# $1 ID, $2 optional results dir
	local id=${1^^} row
	row=$(grep -m1 "^| $id |" "$CATALOGUE") || { echo "$PROG: unknown rule '$1' (IDs look like UTS-02)" >&2; return 2; }
	printf '%s\n' "$row" | awk -F' \\| ' '{
		sub(/^\| /, "", $1); sub(/ \|$/, "", $6)
		print $1 ": " $2; print "  privilege: " $3; print "  kernel:    " $4; print "  source:    " $5; print "  observe:   " $6 }'
	local res=""
	[ -n "$2" ] && [ -r "$2/results.tsv" ] && res="$2/results.tsv"
	echo "  tests:"
	covers_map | awk -F'\t' -v id="$id" -v res="$res" '
	BEGIN { if (res != "") while ((getline l < res) > 0) { split(l, a, "\t"); nm = a[3]; sub(/.*\./, "", nm); k = a[1] "/" a[2] ":" nm; v = a[4]; if (k in r) v = r[k] "," v; r[k] = v } }
	{ n = split($4, ids, /[ ,]+/); for (i = 1; i <= n; i++) if (ids[i] == id) { k = $1 "/" $2 ":" $3; printf "    %s%s\n", k, (res != "" ? "  [" ((k in r) ? r[k] : "not run") "]" : ""); found++ } }
	END { if (!found) print "    (none: this rule is not covered yet)" }'
}
