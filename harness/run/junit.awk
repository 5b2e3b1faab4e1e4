# SPDX-License-Identifier: GPL-2.0
#
# JUnit XML from results.tsv (awk -F'\t' -f junit.awk RESULTS): one
# testsuite per program, a failure with the test's log (results.tsv's
# seventh column, written by join.awk), a skip for skip and xfail.
function x(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); gsub(/"/, "\\&quot;", s); gsub(/[^[:print:]\t\n]/, "?", s); return s }
function unlog(s) { gsub(/\035/, "\n", s); gsub(/\036/, "\t", s); return s }
{
	k = $1 "." $2; if (!(k in idx)) { idx[k] = ++nk; key[nk] = k }
	i = ++cnt[k]; nm[k, i] = $3; st[k, i] = $4; why[k, i] = $5; ms[k, i] = $6; lg[k, i] = $7
	if ($4 == "fail") nfail[k]++
	if ($4 == "skip" || $4 == "xfail") nskip[k]++
	tt[k] += $6; T++; F += ($4 == "fail"); S += ($4 == "skip" || $4 == "xfail"); TT += $6
}
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
			else printf "      <failure message=\"%s\">%s</failure>\n", x(why[k, i] != "" ? why[k, i] : "test failed"), x(unlog(lg[k, i]))
			print "    </testcase>"
		}
		print "  </testsuite>"
	}
	print "</testsuites>"
}
