# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Reporting for run_tests.sh (sourced): raw per-program results -> KTAP on
# stdout, a summary on stderr, JUnit XML, coverage and --explain.
#
# Raw layout (also what the VM runner brings back):
#   DIR/meta.env                       key=value facts about the run
#   DIR/plan.tsv                       suite, program, timeout, selection
#   DIR/SUITE/PROG.tap                 merged output of the program
#   DIR/SUITE/PROG.rc .ms .timing      exit code, wall ms, per-test ms
#   DIR/SUITE/PROG.names / .selected   all test names / the -t selection

# Known issues: "PATTERN<TAB>KERNEL-RANGE<TAB>FAILURE<TAB>REASON", PATTERN a
# glob over SUITE/PROG/TEST-NAME, KERNEL-RANGE "MIN-MAX" (either side may be
# empty; MAX closed once a fix is known), FAILURE a glob that every failed
# check of the test must contain (see ktap_all). An entry without FAILURE
# forgives nothing and is reported.
known_issue_list() {	# $1 kernel release
	[ -r "$KNOWN_ISSUES" ] || return 0
	awk -F'\t' -v k="$1" -v file="$KNOWN_ISSUES" '
	function ver(s,   a, n) { n = split(s, a, /[.-]/); return a[1] * 1000000 + a[2] * 1000 + (n > 2 ? a[3] : 0) }
	/^#/ || /^[[:space:]]*$/ { next }
	NF < 4 || $3 == "" {
		printf "%s:%d: known issue ignored: it names no FAILURE text\n", file, NR > "/dev/stderr"
		next
	}
	{
		split($2, r, "-"); kv = ver(k)
		if (r[1] != "" && kv < ver(r[1])) next
		# a MAX of X.Y takes in every X.Y.Z
		if (r[2] != "" && kv > ver(r[2]) + (split(r[2], m, ".") < 3 ? 999 : 0)) next
		print $1 "\t" $3 "\t" $4
	}' "$KNOWN_ISSUES"
}

# Converts every program's output in the plan to nested KTAP (one awk for
# the whole run: a fork costs milliseconds here), appends per-test results
# to RES and writes "ANY_FAIL ANY_PASS" to STATUS.
ktap_all() {	# $1 raw dir, $2 results file, $3 known issues file, $4 status file
	awk -F'\t' -v raw="$1" -v res="$2" -v known="$3" -v status="$4" -v build="$BUILD" '
	function esc(s) { gsub(/[\r\t]/, " ", s); gsub(/[^[:print:]]/, "?", s); return s }
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
			 reason, directive, st, kr, line, why, r, cmd, out_, nout) {
		key = raw "/" suite "/" prog
		rc = 1
		if ((getline l < (key ".rc")) > 0) rc = l + 0
		close(key ".rc")
		nexp = slurp(key ".selected", exp_)
		if (!nexp) nexp = slurp(key ".names", exp_)
		have_names = nexp > 0
		while ((getline l < (key ".timing")) > 0) { split(l, a, "\t"); ms[a[1]] = a[2] }
		close(key ".timing")
		nout = 0
		while ((getline l < (key ".tap")) > 0) {
			if (l !~ /^(not )?ok [0-9]+ /) out_[++nout] = l
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
				print suite "\t" prog "\t" name "\t" st "\t" esc(reason) "\t" (name in ms ? ms[name] : "") > res
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
			print suite "\t" prog "\t" exp_[i] "\tfail\t" esc(r) "\t" > res
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
	}'
}

# KTAP for the whole run on stdout, summary on stderr, JUnit, coverage.
# META: the run's facts from DIR/meta.env, read once (no fork per key)
declare -A META=()
load_meta() {	# $1 raw dir
	local k v
	META=()
	[ -r "$1/meta.env" ] || return 0
	while IFS='=' read -r k v; do
		[ -n "$k" ] && [ -z "${META[$k]+x}" ] && META[$k]=$v
	done < "$1/meta.env"
}

report_all() {	# $1 raw dir, [$2 repeat dir]
	local raw=$1 rounds=${2:-} res="$1/results.tsv" known kernel
	load_meta "$raw"
	[ -r "$raw/plan.tsv" ] || die2 "no results in $raw (plan.tsv missing)"
	kernel=${META[kernel]:-}
	known=$(mktemp)
	known_issue_list "$kernel" > "$known"
	: > "$res"
	local suites=() s b t names
	mapfile -t suites < <(cut -f1 "$raw/plan.tsv" | awk '!seen[$0]++')
	local nsuites=${#suites[@]} leak_ok=1
	[ -r "$raw/leak.result" ] && nsuites=$((nsuites + 1))
	echo "KTAP version 1"
	echo "# nsconform $NSC_VERSION"
	echo "# kernel: ${META[kernel]:-} ${META[kernel_version]:-} ${META[arch]:-}"
	[ -n "${META[vm]:-}" ] && echo "# vm: ${META[vm]:-}, booted in ${META[vm_boot_s]:-} s, guest runner exit ${META[vm_runner_rc]:-}"
	echo "# kernel config: ${META[kernel_config]:-}"
	echo "# privileges: ${META[mode]:-} (uid ${META[uid]:-}), user namespaces: ${META[userns]:-}"
	if [ -n "${META[ns_not_initial]+x}" ]; then
		local ct="no (all initial namespaces)"
		[ -n "${META[ns_not_initial]}" ] && ct="yes (not the initial ${META[ns_not_initial]} namespace)"
		[ "${META[container_marker]:-none}" != none ] && ct="$ct, marker: ${META[container_marker]}"
		echo "# container: $ct, lsm: ${META[lsm]:-}"
		echo "# nesting: pid ns level ${META[pidns_level]:-}, user ns level ${META[userns_level]:-}; root of: ${META[root_of]:-}"
		echo "# namespace limits at 0: ${META[ns_limit0]:-none}; types missing: ${META[ns_missing]:-none}"
	else
		echo "# container: ${META[container]:-${META[container_marker]:-}}, lsm: ${META[lsm]:-}"
	fi
	echo "# tools: util-linux ${META[util_linux]:-}, iproute2 ${META[iproute2]:-}"
	echo "# harness: ${META[harness_header]:-} from ${META[harness_origin]:-} sha256=${META[harness_sha256]:-}"
	echo "# jobs: ${META[jobs]:-}, timeout multiplier: ${META[timeout_mult]:-}"
	[ -n "${META[interrupted]:-}" ] && echo "# run interrupted by signal ${META[interrupted]:-}"
	echo "1..$nsuites"
	local si=${#suites[@]} any_fail=0 any_pass=0
	ktap_all "$raw" "$res" "$known" "$raw/.status"
	read -r any_fail any_pass < "$raw/.status"
	rm -f "$raw/.status"
	if [ -r "$raw/leak.result" ]; then
		si=$((si + 1))
		if [ -s "$raw/leak.result" ]; then
			sed 's/^/# leak-check: /' "$raw/leak.result"
			echo "not ok $si leak_check"; any_fail=1; leak_ok=0
		else
			echo "ok $si leak_check"
		fi
	fi
	summary "$raw" "$res" "$rounds" "$leak_ok" >&2
	[ -n "$JUNIT" ] && junit "$raw" "$res" > "$JUNIT"
	[ "$COVERAGE" = 1 ] && coverage "$res" "${suites[@]}"
	rm -f "$known"
	[ $any_fail = 1 ] && return 1
	[ $any_pass = 1 ] && return 0
	return 4
}

summary() {	# $1 raw, $2 results, $3 rounds dir, $4 leak ok
	local raw=$1 res=$2
	awk -F'\t' -v wall="${META[wall_ms]:-}" -v kernel="${META[kernel]:-}$([ -n "${META[vm]:-}" ] && echo " (${META[vm]:-})")" \
	    -v mode="${META[mode]:-}" -v jobs="${META[jobs]:-}" -v leak="$4" \
	    -v hasleak="$([ -r "$raw/leak.result" ] && echo 1 || echo 0)" '
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
	}' "$res"
	if [ -n "$3" ]; then
		# --repeat: tests whose outcome differed between rounds
		local r
		for r in "$3"/round-*; do
			: > "$r/results.tsv"
			ktap_all "$r" "$r/results.tsv" /dev/null "$r/.status" > /dev/null
			rm -f "$r/.status"
		done
		awk -F'\t' '{ k = $1 "/" $2 ": " $3; n[k]++; st[k, $4]++; if (!(k in o)) { o[k] = ++c; kk[c] = k } }
		END { f = 0; for (i = 1; i <= c; i++) { k = kk[i]; if (st[k, "fail"] && st[k, "fail"] < n[k]) { if (!f++) print "flaky tests (failed in some rounds):"; printf "  %s  failed %d of %d\n", k, st[k, "fail"], n[k] } }
		      if (!f) print "no flaky tests over " (c ? n[kk[1]] : 0) " rounds" }' "$3"/round-*/results.tsv
	fi
}

junit() {	# $1 raw, $2 results
	local raw=$1 res=$2
	awk -F'\t' -v raw="$raw" '
	function x(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); gsub(/"/, "\\&quot;", s); gsub(/[^[:print:]\t\n]/, "?", s); return s }
	function log_of(suite, prog, name,   f, line, on, out) {
		f = raw "/" suite "/" prog ".tap"; on = 0; out = ""
		while ((getline line < f) > 0) {
			if (index(line, "#  RUN") && index(line, " " name " ")) { on = 1; continue }
			if (on && line ~ /^(not )?ok [0-9]+ /) break
			if (on) out = out line "\n"
		}
		close(f)
		return out
	}
	{ k = $1 "." $2; if (!(k in idx)) { idx[k] = ++nk; key[nk] = k }
	  i = ++cnt[k]; nm[k, i] = $3; st[k, i] = $4; why[k, i] = $5; ms[k, i] = $6; su[k, i] = $1; pr[k, i] = $2
	  if ($4 == "fail") nfail[k]++; if ($4 == "skip" || $4 == "xfail") nskip[k]++; tt[k] += $6; T++; F += ($4 == "fail"); S += ($4 == "skip" || $4 == "xfail"); TT += $6 }
	END {
		print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		printf "<testsuites name=\"nsconform\" tests=\"%d\" failures=\"%d\" skipped=\"%d\" time=\"%.3f\">\n", T, F, S, TT / 1000
		for (j = 1; j <= nk; j++) {
			k = key[j]
			printf "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"%.3f\">\n", x(k), cnt[k], nfail[k], nskip[k], tt[k] / 1000
			for (i = 1; i <= cnt[k]; i++) {
				printf "    <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"", x(k), x(nm[k, i]), ms[k, i] / 1000
				if (st[k, i] == "pass") { print "/>"; continue }
				print ">"
				if (st[k, i] == "skip" || st[k, i] == "xfail") printf "      <skipped message=\"%s\"/>\n", x((st[k, i] == "xfail" ? "known issue: " : "") why[k, i])
				else printf "      <failure message=\"%s\">%s</failure>\n", x(why[k, i] != "" ? why[k, i] : "test failed"), x(log_of(su[k, i], pr[k, i], nm[k, i]))
				print "    </testcase>"
			}
			print "  </testsuite>"
		}
		print "</testsuites>"
	}' "$res"
}

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
