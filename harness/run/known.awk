# SPDX-License-Identifier: GPL-2.0
#
# Known issues in force on one kernel (awk -F'\t' -v k=RELEASE -f known.awk
# fixtures/known-issues.tsv): the file's lines are
# "PATTERN<TAB>KERNEL-RANGE<TAB>FAILURE<TAB>REASON", PATTERN a glob over
# SUITE/PROG/TEST-NAME, KERNEL-RANGE "MIN-MAX" (either side may be empty; MAX
# closed once a fix is known), FAILURE a glob that every failed check of the
# test must contain (see join.awk). Prints "PATTERN<TAB>FAILURE<TAB>REASON"
# for each entry whose range holds k; an entry without FAILURE forgives
# nothing and is reported on stderr.
function ver(s,   a, n) { n = split(s, a, /[.-]/); return a[1] * 1000000 + a[2] * 1000 + (n > 2 ? a[3] : 0) }
/^#/ || /^[[:space:]]*$/ { next }
NF < 4 || $3 == "" {
	printf "%s:%d: known issue ignored: it names no FAILURE text\n", FILENAME, FNR > "/dev/stderr"
	next
}
{
	split($2, r, "-"); kv = ver(k)
	if (r[1] != "" && kv < ver(r[1])) next
	# a MAX of X.Y takes in every X.Y.Z
	if (r[2] != "" && kv > ver(r[2]) + (split(r[2], m, ".") < 3 ? 999 : 0)) next
	print $1 "\t" $3 "\t" $4
}
