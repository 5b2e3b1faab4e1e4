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
    assert len(m["values"]) == m["samples"], m["name"]
# the operations that go through lib/nl.c ran (a veth pair, an nsid, the
# teardown events), unless the run says why they could not
names = [m["name"] for m in r]
why = {s["name"]: s["reason"] for s in d["skipped"]}
for op in ("net destroy: cleanup starts (RTM_DELNSID)", "net create+destroy loop x8, per op"):
    assert op in names or op in why, op
    assert op in names or "needs" in why[op] or "lacks" in why[op], (op, why.get(op))
    assert m["samples"] >= 1, m["name"]
EOF
then
	ok "JSON parses: kernel_release, date, results[{name,unit,samples,min,median,p95,values}]"
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

# 4. the decision itself, on samples made up from run A's operations (so
#    nothing here depends on this machine's noise): two runs of the same
#    kernel differ only by noise -> nothing flagged; one operation made
#    1.5x slower -> exactly that one flagged. Then the unit test of the
#    statistics (stats_test, beside nsbench).
python3 - "$tmp" "$SLOWED" <<'PY'
import json, random, sys
tmp, slowed = sys.argv[1], sys.argv[2]
a = json.load(open(tmp + "/A.json"))
def run(seed, slow):
    rnd = random.Random(seed)
    out = dict(a, results=[])
    for r in a["results"]:
        base = max(r["median"], 20.0) * (1.5 if r["name"] == slow else 1.0)
        # (20 us at least: above --floor)
        # 30 samples: +-10% spread, and 1 in 10 an outlier up to 4x
        v = sorted(base * (rnd.uniform(0.9, 1.1) if rnd.random() > 0.1
                           else rnd.uniform(1.5, 4.0)) for _ in range(30))
        out["results"].append(dict(r, samples=30, values=v, min=v[0],
                                   median=(v[14] + v[15]) / 2, p95=v[28]))
    return out
json.dump(run(1, None), open(tmp + "/base.json", "w"))
json.dump(run(2, None), open(tmp + "/same.json", "w"))
json.dump(run(3, slowed), open(tmp + "/slow.json", "w"))
PY
"$NSBENCH" --input "$tmp/same.json" --compare "$tmp/base.json" >"$tmp/run5.out" 2>&1
rc=$?
if [ $rc = 0 ] && ! grep -q '^REGRESSION' "$tmp/run5.out"; then
	ok "same kernel, other noise (made-up samples): no regression flagged"
else
	notok "same kernel, other noise (made-up samples): no regression flagged (exit $rc)"
	grep '^REGRESSION\|^compare' "$tmp/run5.out" | sed 's/^/# /'
fi
"$NSBENCH" --input "$tmp/slow.json" --compare "$tmp/base.json" >"$tmp/run6.out" 2>&1
rc=$?
flagged=$(grep '^REGRESSION' "$tmp/run6.out" | sed 's/^REGRESSION *//; s/  *[0-9.]* ->.*//')
if [ $rc = 1 ] && [ "$flagged" = "$SLOWED" ]; then
	ok "one operation made 1.5x slower (made-up samples): exactly it is flagged"
else
	notok "one operation made 1.5x slower: exactly \"$SLOWED\" flagged (exit $rc, flagged: $flagged)"
fi
STATS_TEST=$(dirname "$NSBENCH")/stats_test
if [ -x "$STATS_TEST" ] && "$STATS_TEST" >"$tmp/stats.out" 2>&1; then
	ok "stats_test: $(grep -c '^ok' "$tmp/stats.out") checks of the bootstrap decision"
else
	notok "stats_test (the bootstrap decision's unit test)"
	grep -v '^ok' "$tmp/stats.out" 2>/dev/null | sed 's/^/# /'
fi

[ "$fails" -eq 0 ]
