# SPDX-License-Identifier: GPL-2.0
#
# The results join, the one place where a run's raw output becomes verdicts
# (awk -F'\t' -f join.awk, one awk for the whole run: a fork costs
# milliseconds here). For every program in RAW/plan.tsv it reads .rc,
# .selected (or .names), .timing and .tap, applies the known issues (file
# KNOWN: "PATTERN<TAB>FAILURE<TAB>REASON" lines from known.awk) and
#   - writes one line per test to RES (results.tsv), the file the summary,
#     JUnit, coverage, --explain, the matrix and --repeat read:
#     suite, program, test, pass|fail|skip|xfail, reason, ms, log
#     (log: a failed test's output after its RUN line, newlines as \035
#     and tabs as \036, CR as ?; empty for other tests)
#   - prints the run's nested KTAP from the same records on stdout
#   - writes "ANY_FAIL ANY_PASS" to STATUS.
# Variables: raw, res, known, status, build (for NSC_LIST of an unfinished
# program).

function esc(s) { gsub(/[\r\t]/, " ", s); gsub(/[^[:print:]]/, "?", s); return s }
function logesc(s) { gsub(/\t/, "\036", s); gsub(/\r/, "?", s); gsub(/\n/, "\035", s); return s }
# A known issue forgives a failure only when every failed check of the
# test matches its FAILURE text: a failed check is a harness
# "Expected ..." line with the log lines after it, plus the child log
# lines ("[child N]") just before it. A test that failed without any
# failed check (crash, timeout) is never forgiven.
function known_reason(full, out, nout,   i, j, c, nchk, chk, pend, cur, ok) {
	nchk = 0; pend = ""; cur = 0
	for (j = 1; j <= nout; j++) {
		if (out[j] ~ /^# [^ ]+:[0-9]+:[^ :]+:Expected /) {
			chk[++nchk] = pend "\n" out[j]; pend = ""; cur = nchk
		} else if (out[j] ~ /^# [^ ]+:[0-9]+: \[child [0-9]+\] /) {
			pend = pend "\n" out[j]
		} else if (cur) chk[cur] = chk[cur] "\n" out[j]
	}
	if (!nchk) return ""
	for (i = 1; i <= nk; i++) {
		if (full !~ kpat[i]) continue
		ok = 1
		for (c = 1; c <= nchk && ok; c++) if (chk[c] !~ kfail[i]) ok = 0
		if (ok) return kwhy[i]
	}
	return ""
}
function glob2sub(g,   r) {
	r = g; gsub(/[.+^$(){}|\\]/, "\\\\&", r); gsub(/\*/, ".*", r); gsub(/\?/, ".", r)
	return r
}
function glob2re(g) { return "^" glob2sub(g) "$" }
function slurp(file, arr,   n, l) {
	n = 0
	while ((getline l < file) > 0) arr[++n] = l
	close(file)
	return n
}
# one program: prints its KTAP at indent ind, returns "pass|skip|fail\twhy"
function program(suite, prog, ind,   key, rc, l, i, nexp, exp_, done_, ms, a, have_names,
		 seen_plan, n, fails, passes, skips, known_fails, complete, ok, rest, name,
		 reason, directive, st, kr, line, why, r, cmd, out_, nout, run_, tlog, lg) {
	key = raw "/" suite "/" prog
	rc = 1
	if ((getline l < (key ".rc")) > 0) rc = l + 0
	close(key ".rc")
	nexp = slurp(key ".selected", exp_)
	if (!nexp) nexp = slurp(key ".names", exp_)
	have_names = nexp > 0
	while ((getline l < (key ".timing")) > 0) { split(l, a, "\t"); ms[a[1]] = a[2] }
	close(key ".timing")
	nout = 0; run_ = ""
	while ((getline l < (key ".tap")) > 0) {
		if (l !~ /^(not )?ok [0-9]+ /) out_[++nout] = l
		# the test's log for JUnit: what follows its RUN line
		if (index(l, "#  RUN")) { run_ = l; tlog = "" }
		else if (run_ != "" && l !~ /^(not )?ok [0-9]+ /) tlog = tlog l "\n"
		if (l ~ /^TAP version/) { print ind "KTAP version 1"; print ind "# Subtest: " prog; continue }
		if (l ~ /^1\.\.[0-9]+/) { if (!seen_plan) { print ind l; seen_plan = 1 }; continue }
		if (l ~ /^(not )?ok [0-9]+ /) {
			ok = (l ~ /^ok/); rest = l; sub(/^(not )?ok [0-9]+ /, "", rest)
			name = rest; reason = ""; directive = ""
			if (match(rest, / # /)) { name = substr(rest, 1, RSTART - 1); directive = substr(rest, RSTART + 3) }
			st = ok ? "pass" : "fail"
			if (directive ~ /^SKIP/) { st = "skip"; reason = directive; sub(/^SKIP ?/, "", reason) }
			else if (directive ~ /^XFAIL/) { st = "xfail"; reason = directive; sub(/^XFAIL ?/, "", reason) }
			else if (directive ~ /^XPASS/) { st = "fail"; reason = "unexpected pass: " directive }
			if (st == "fail") {
				kr = known_reason(suite "/" prog "/" name, out_, nout)
				if (kr != "") { st = "xfail"; reason = kr; known_fails++ }
			}
			n++; done_[name] = 1; nout = 0
			line = (st == "fail" ? "not ok " : "ok ") n " " name
			if (st == "skip") line = line " # SKIP " reason
			else if (st == "xfail") line = line " # XFAIL " reason
			print ind line
			if (st == "fail") fails++; else if (st == "pass") passes++; else skips++
			lg = (st == "fail" && index(run_, " " name " ")) ? logesc(tlog) : ""
			print suite "\t" prog "\t" name "\t" st "\t" esc(reason) "\t" (name in ms ? ms[name] : "") "\t" lg > res
			run_ = ""
			continue
		}
		if (l ~ /^# Totals: /) complete = 1
		if (l ~ /^#/) { print ind esc(l); continue }
		if (l ~ /^[[:space:]]*$/) continue
		print ind "# " esc(l)
	}
	close(key ".tap")
	why = ""
	if (rc == 124) why = "timeout: killed by nsc-exec"
	else if (rc > 128) why = "program killed by signal " (rc - 128)
	# tests that never reported: the program died or timed out first;
	# learn their names from the program itself when it did not finish
	if (!have_names && !complete) {
		cmd = "NSC_LIST=1 \"" build "/suites/" suite "/" prog "\" 2>/dev/null"
		while ((cmd | getline l) > 0) exp_[++nexp] = l
		close(cmd)
	}
	for (i = 1; i <= nexp; i++) {
		if (exp_[i] in done_) continue
		n++; fails++
		r = "not run: " (why != "" ? why : "program ended (status " rc ") before this test reported")
		print ind "not ok " n " " exp_[i] " # " r
		# one that started and never ended: its log to the end of the output
		lg = index(run_, " " exp_[i] " ") ? logesc(tlog) : ""
		print suite "\t" prog "\t" exp_[i] "\tfail\t" esc(r) "\t\t" lg > res
	}
	if (!seen_plan) print ind "1.." n
	# exit 1 is "a test failed": fine when every failure was a known issue
	if (why == "" && rc == 1 && !fails && !known_fails) why = "program exited 1 with no failing test"
	if (why == "" && rc != 0 && rc != 4 && rc != 1) why = "program exited with status " rc
	if (fails) return "fail\t" fails " failed" (why != "" && rc != 1 ? "; " why : "")
	if (why != "") return "fail\t" why
	if (n == 0) return "fail\tno test reported a result"
	if (passes == 0) return "skip\tall skipped"
	return "pass\t"
}
BEGIN {
	while ((getline l < known) > 0) {
		split(l, a, "\t"); kpat[++nk] = glob2re(a[1]); kfail[nk] = glob2sub(a[2]); kwhy[nk] = a[3]
	}
	np = 0
	while ((getline l < (raw "/plan.tsv")) > 0) {
		split(l, a, "\t")
		if (!(a[1] in nprog)) { suites[++ns] = a[1] }
		prog_[a[1], ++nprog[a[1]]] = a[2]
	}
	for (si = 1; si <= ns; si++) {
		s = suites[si]; sfail = spass = 0
		print "    KTAP version 1"
		print "    # Subtest: " s
		print "    1.." nprog[s]
		for (bi = 1; bi <= nprog[s]; bi++) {
			v = program(s, prog_[s, bi], "        ")
			split(v, vv, "\t")
			if (vv[1] == "pass") { print "    ok " bi " " prog_[s, bi]; spass = 1 }
			else if (vv[1] == "skip") print "    ok " bi " " prog_[s, bi] " # SKIP " vv[2]
			else { print "    not ok " bi " " prog_[s, bi] " # " vv[2]; sfail = 1 }
		}
		if (sfail) { print "not ok " si " " s; any_fail = 1 }
		else if (spass) { print "ok " si " " s; any_pass = 1 }
		else print "ok " si " " s " # SKIP all skipped"
	}
	print (any_fail + 0) " " (any_pass + 0) > status
}
