# SPDX-License-Identifier: GPL-2.0
#
# The run's summary (stderr of run_tests.sh) from results.tsv (awk -F'\t'
# -f summary.awk RESULTS): counts per suite, the five slowest tests, the
# leak check, the failures. Variables: wall (ms), kernel, mode, jobs,
# hasleak (1 when the run was leak-checked), leak (1 when it was clean).

{
	s = $1; st = $4
	if (!(s in order)) { order[s] = ++ns; names[ns] = s }
	cnt[s, st]++; tot[st]++; total++
	if ($6 != "") { ms = $6 + 0; if (ms > 0) { nt++; tms[nt] = ms; tname[nt] = $1 "/" $2 ": " $3 }; sms[s] += ms }
	if (st == "fail") failed[++nf] = $1 "/" $2 ": " $3 (($5 != "") ? "  (" $5 ")" : "")
}
END {
	printf "nsconform: kernel %s, %s, -j%s: %d tests in %.2f s\n", kernel, mode, jobs, total, wall / 1000
	printf "  %-8s %6s %6s %6s %6s %9s\n", "suite", "pass", "fail", "skip", "xfail", "test-time"
	for (i = 1; i <= ns; i++) {
		s = names[i]
		printf "  %-8s %6d %6d %6d %6d %8.2fs\n", s, cnt[s, "pass"], cnt[s, "fail"], cnt[s, "skip"], cnt[s, "xfail"], sms[s] / 1000
	}
	printf "  %-8s %6d %6d %6d %6d\n", "total", tot["pass"], tot["fail"], tot["skip"], tot["xfail"]
	# the five slowest tests
	for (k = 1; k <= 5 && k <= nt; k++) {
		m = k
		for (j = k + 1; j <= nt; j++) if (tms[j] > tms[m]) m = j
		t = tms[k]; tms[k] = tms[m]; tms[m] = t; t = tname[k]; tname[k] = tname[m]; tname[m] = t
		if (k == 1) print "slowest tests:"
		printf "  %8.1f ms  %s\n", tms[k], tname[k]
	}
	if (hasleak) print (leak ? "leak check: clean" : "leak check: LEAKS FOUND (see the KTAP output)")
	for (i = 1; i <= nf; i++) { if (i == 1) print "failed:"; print "  " failed[i] }
	printf "%d passed, %d failed, %d skipped\n", tot["pass"], tot["fail"], tot["skip"] + tot["xfail"]
}
