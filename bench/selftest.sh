#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Self-test of nsbench: JSON output, and --compare catching a planted
# slowdown without crying wolf. Prints one "ok - ..." / "not ok - ..." line
# per check; exits 0 when all pass, 1 otherwise.
#
#   bench/selftest.sh [PATH/TO/nsbench]     (default: $O/bin/nsbench, O=build)

NSBENCH=${1:-${O:-build}/bin/nsbench}
DELAY_US=1000	# >= 2x on every operation that costs under 1 ms
SLOWED="uts create (unshare)"	# ~2 us here: must be flagged

fails=0
ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; fails=$((fails + 1)); }

if [ ! -x "$NSBENCH" ]; then
	notok "nsbench binary at $NSBENCH (build it: make bench)"
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nsbench-selftest.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# 1. a quick run writes JSON that parses and holds what we promise
if "$NSBENCH" --quick --json "$tmp/A.json" >"$tmp/run1.out" 2>&1; then
	ok "nsbench --quick --json exits 0"
else
	notok "nsbench --quick --json exits 0 (rc $?; see below)"
	sed 's/^/# /' "$tmp/run1.out"
fi
if python3 - "$tmp/A.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d["kernel_release"], str) and d["kernel_release"]
assert isinstance(d["date"], str) and d["date"]
r = d["results"]
assert isinstance(r, list) and r, "no results"
for m in r:
    for k in ("name", "unit", "samples", "min", "median", "p95"):
        assert k in m, "%s lacks %s" % (m.get("name"), k)
    assert m["min"] <= m["median"] <= m["p95"], m["name"]
    assert m["samples"] >= 1, m["name"]
EOF
then
	ok "JSON parses: kernel_release, date, results[{name,unit,samples,min,median,p95}]"
else
	notok "JSON parses with the documented fields"
fi
if grep -q "\"$SLOWED\"" "$tmp/A.json"; then
	ok "JSON has \"$SLOWED\""
else
	notok "JSON has \"$SLOWED\" (skipped? see the run output)"
	sed 's/^/# /' "$tmp/run1.out"
fi

# 2. a planted delay is a regression: exit 1, naming the slowed operations
"$NSBENCH" --quick --compare "$tmp/A.json" --inject-delay-us "$DELAY_US" \
	>"$tmp/run2.out" 2>&1
rc=$?
if [ "$rc" -eq 1 ]; then
	ok "--compare with --inject-delay-us $DELAY_US exits 1"
else
	notok "--compare with --inject-delay-us $DELAY_US exits 1 (got $rc)"
	sed 's/^/# /' "$tmp/run2.out"
fi
if grep -q "^REGRESSION *$SLOWED" "$tmp/run2.out"; then
	ok "the regression report names \"$SLOWED\" ($(grep -c '^REGRESSION' "$tmp/run2.out") ops flagged)"
else
	notok "the regression report names \"$SLOWED\""
fi

# 3. no false alarm: the baseline against itself, and a fresh run of the
#    fork-free joins with a generous threshold
if "$NSBENCH" --input "$tmp/A.json" --compare "$tmp/A.json" >"$tmp/run3.out" 2>&1; then
	ok "--compare of a run against itself exits 0"
else
	notok "--compare of a run against itself exits 0"
	sed 's/^/# /' "$tmp/run3.out"
fi
if "$NSBENCH" --quick --filter 'join (setns' --compare "$tmp/A.json" \
	--threshold 300 --floor 500 >"$tmp/run4.out" 2>&1; then
	ok "a fresh run without delay (joins, threshold 300%, floor 500 us) exits 0"
else
	notok "a fresh run without delay (joins, threshold 300%, floor 500 us) exits 0"
	sed 's/^/# /' "$tmp/run4.out"
fi

[ "$fails" -eq 0 ]
