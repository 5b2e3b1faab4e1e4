# SPDX-License-Identifier: GPL-2.0
#
# --repeat: the tests whose outcome differed between rounds (awk -F'\t' -f
# flaky.awk ROUND/results.tsv...). A round failed a test when its verdict is
# fail, or xfail (a known issue or an expected failure: forgiven, but a test
# that only sometimes shows it is flaky all the same).
{
	k = $1 "/" $2 ": " $3; n[k]++
	if ($4 == "fail" || $4 == "xfail") failed[k]++
	if (!(k in o)) { o[k] = ++c; kk[c] = k }
}
END {
	f = 0
	for (i = 1; i <= c; i++) {
		k = kk[i]
		if (failed[k] && failed[k] < n[k]) {
			if (!f++) print "flaky tests (failed in some rounds):"
			printf "  %s  failed %d of %d\n", k, failed[k], n[k]
		}
	}
	if (!f) print "no flaky tests over " (c ? n[kk[1]] : 0) " rounds"
}
