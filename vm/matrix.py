#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Kernel matrix and comparison over nsconform result directories.

  matrix.py [--src DIR] html OUT.html RESULTDIR...   page + OUT.tsv
  matrix.py [--src DIR] tsv RESULTDIR...             the TSV on stdout
  matrix.py [--src DIR] compare DIR_A DIR_B          changed verdicts, as text

A result directory (vm/README.md) holds meta.env (key=value facts: kernel=,
kernel_version=, arch=, vm=, mode=, ...; optional label=/sweep_label=) and
results.tsv (suite, program, test, pass|fail|skip|xfail, reason, ms), as
`run_tests.sh -o DIR` writes them (a directory of raw results without
results.tsv, e.g. from lava/lava2results, is reported first to write it). Rows are the catalogue's rules
(doc/SEMANTICS.md) grouped by area; a rule's verdict on a kernel joins the
results of the tests that cover it (their NSC_RULES, listed by the built programs):
fail if one failed, else xfail if one was a known issue, else pass if one
passed, else skip; "notrun" when none of its tests ran, "uncovered" when no
test covers it. run_tests.sh's --coverage joins the same way.
"""
import html
import os
import re
import subprocess
import sys

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ORDER = ["fail", "xfail", "pass", "skip", "notrun", "uncovered"]
SHOWN = {"pass": "pass", "fail": "FAIL", "skip": "skip", "xfail": "xfail",
         "notrun": "\u2013", "uncovered": "\u00b7"}


def die(msg):
    sys.stderr.write("matrix: %s\n" % msg)
    sys.exit(2)


def catalogue(src):
    """[(area, area title, [(id, claim, kernel)])] from doc/SEMANTICS.md"""
    areas, cur = [], None
    path = os.path.join(src, "doc", "SEMANTICS.md")
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError as e:
        die("cannot read the catalogue: %s" % e)
    for line in lines:
        m = re.match(r"^## (\S+)(?:\s+\S\s+(.*))?$", line)
        if m:
            cur = (m.group(1), m.group(2) or "", [])
            areas.append(cur)
            continue
        m = re.match(r"^\| ([A-Z]+-[0-9]+) \|(.*)$", line)
        if m and cur is not None:
            cols = [c.strip() for c in m.group(2).split(" | ")]
            claim = cols[0] if cols else ""
            kernel = cols[2] if len(cols) > 2 else ""
            cur[2].append((m.group(1), claim, kernel))
    return [a for a in areas if a[2]]


def covers(src):
    """rule id -> ['suite/prog:test', ...] from the built programs' NSC_RULES
    (NSC_LIST=tsv), as run_tests.sh's covers_map reads them"""
    cov, seen = {}, set()
    top = os.path.join(os.environ.get("NSC_BUILD") or os.path.join(src, "build"), "suites")
    for suite in sorted(os.listdir(top)) if os.path.isdir(top) else []:
        d = os.path.join(top, suite)
        for prog in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            b = os.path.join(d, prog)
            if not prog.endswith("_test") or not os.access(b, os.X_OK):
                continue
            out = subprocess.run([b], env=dict(os.environ, NSC_LIST="tsv"), capture_output=True,
                                 text=True).stdout
            for line in out.splitlines():
                cols = line.split("\t")
                name = cols[0].rsplit(".", 1)[-1]
                if len(cols) < 2 or cols[1] == "-" or (suite, prog, name) in seen:
                    continue
                seen.add((suite, prog, name))
                for i in cols[1].split():
                    cov.setdefault(i, []).append("%s/%s:%s" % (suite, prog, name))
    return cov


class Run:
    def __init__(self, d):
        self.dir = d.rstrip("/")
        self.meta = {}
        try:
            for line in open(os.path.join(self.dir, "meta.env"), encoding="utf-8", errors="replace"):
                k, sep, v = line.rstrip("\n").partition("=")
                if sep and k not in self.meta:
                    self.meta[k] = v
        except OSError:
            die("%s: no meta.env (not a result directory)" % d)
        rpath = os.path.join(self.dir, "results.tsv")
        if not os.path.exists(rpath) and os.path.exists(os.path.join(self.dir, "plan.tsv")):
            # raw results (e.g. lava/lava2results): the runner's report writes results.tsv
            subprocess.run([os.path.join(SRC, "run_tests.sh"), "--report-from", self.dir],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        if not os.path.exists(rpath):
            die("%s: no results.tsv (write it with: run_tests.sh --report-from %s)" % (d, d))
        self.tests = {}   # 'suite/prog:test' -> [(status, reason)]
        self.counts = {}
        for line in open(rpath, encoding="utf-8", errors="replace"):
            a = line.rstrip("\n").split("\t")
            if len(a) < 4:
                continue
            name = a[2].rsplit(".", 1)[-1]
            key = "%s/%s:%s" % (a[0], a[1], name)
            # variants of a fixture (fixture.variant.test) share the key
            self.tests.setdefault(key, []).append((a[3], a[4] if len(a) > 4 else "",
                                                   "%s/%s:%s" % (a[0], a[1], a[2])))
            self.counts[a[3]] = self.counts.get(a[3], 0) + 1
        self._why = {}
        self.label = (self.meta.get("label") or self.meta.get("sweep_label")
                      or os.path.basename(os.path.abspath(self.dir)))

    def failure(self, suite, prog, test):
        """a failed test's first messages from SUITE/PROG.tap (results.tsv has no reason for a FAIL)"""
        k = (suite, prog)
        if k not in self._why:
            self._why[k] = blocks = {}
            cur, lines = None, []
            try:
                for line in open(os.path.join(self.dir, suite, prog + ".tap"), encoding="utf-8", errors="replace"):
                    line = line.rstrip("\n")
                    m = re.match(r"^#\s+RUN\s+(\S+)", line)
                    if m:
                        cur, lines = m.group(1), []
                        continue
                    if cur and re.match(r"^(not )?ok \d+ ", line):
                        blocks[cur] = lines
                        cur = None
                        continue
                    if cur and line.startswith("#") and not re.search(
                            r"Test failed|Test terminated|^#\s+(FAIL|OK|SKIP)\s", line):
                        lines.append(re.sub(r"^#\s*", "", line))
            except OSError:
                pass
        msg = self._why[k].get(test, [])
        return "; ".join(msg[:3])[:400]

    def verdict(self, tests):
        """(status, [(test, status, reason)]) of a rule covered by tests"""
        if not tests:
            return "uncovered", []
        detail, seen = [], set()
        for t in tests:
            for st, why, full in self.tests.get(t, [("notrun", "", t)]):
                if st == "fail" and not why:
                    suite, rest = full.split("/", 1)
                    prog, test = rest.split(":", 1)
                    why = self.failure(suite, prog, test)
                detail.append((full, st, why))
                seen.add(st)
        for st in ORDER:
            if st in seen:
                return st, detail
        return "notrun", detail


def matrix(src, dirs):
    runs = [Run(d) for d in dirs]
    cov = covers(src)
    rows = []   # (area, title, id, claim, kernel, [(status, detail)], differs)
    for area, title, rules in catalogue(src):
        for rid, claim, kernel in rules:
            cells = [r.verdict(cov.get(rid, [])) for r in runs]
            real = {c[0] for c in cells} - {"notrun", "uncovered"}
            rows.append((area, title, rid, claim, kernel, cells, len(real) > 1))
    return runs, rows


def tsv(runs, rows, out):
    out.write("area\trule\tdiffers\t" + "\t".join(r.label for r in runs) + "\n")
    for area, _, rid, _, _, cells, differs in rows:
        out.write("%s\t%s\t%s\t%s\n" % (area, rid, "yes" if differs else "no",
                                        "\t".join(c[0] for c in cells)))


def plain(s):
    """markdown-ish catalogue text to plain text"""
    return re.sub(r"\*\*|`", "", s)


CSS = """
body { font: 13px/1.35 system-ui, sans-serif; margin: 16px; color: #222; }
h1 { font-size: 20px; margin: 0 0 6px; }
p.sub { margin: 0 0 12px; color: #555; }
table { border-collapse: collapse; }
table.facts td, table.facts th { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
table.facts th { background: #f0f0f0; }
table.facts td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.legend span { display: inline-block; margin-right: 10px; }
.b { display: inline-block; min-width: 38px; padding: 1px 4px; border-radius: 3px; text-align: center; font-size: 12px; }
.pass { background: #d7f0d7; color: #185c18; }
.fail { background: #e0393e; color: #fff; font-weight: bold; }
.xfail { background: #f6c87a; color: #5a3b00; }
.skip { background: #e4e4e4; color: #555; }
.notrun { color: #aaa; }
.uncovered { color: #bbb; }
table.m { margin-top: 14px; }
table.m th, table.m td { border-bottom: 1px solid #e5e5e5; padding: 2px 5px; }
table.m thead th { position: sticky; top: 0; background: #fff; border-bottom: 2px solid #888; font-size: 12px; text-align: center; }
table.m thead th.l { text-align: left; }
table.m td.c { text-align: center; }
table.m td.id { white-space: nowrap; font-family: ui-monospace, monospace; font-size: 12px; }
table.m td.claim { max-width: 560px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; color: #333; }
table.m td.kv { white-space: nowrap; color: #666; font-size: 12px; max-width: 110px; overflow: hidden; text-overflow: ellipsis; }
tr.area th { text-align: left; background: #eef2f8; font-size: 14px; padding: 6px 5px 4px; border-bottom: 1px solid #b8c4d8; }
tr.diff td { background: #fff4c2; }
tr.diff td.id::before { content: "\\25B6 "; color: #c07000; }
body.only tr.same { display: none; }
"""

JS = """
var only = document.getElementById('only');
only.addEventListener('change', function (e) {
  document.body.classList.toggle('only', e.target.checked);
});
if (location.hash == '#differ') { only.checked = true; document.body.classList.add('only'); }
"""


def page(runs, rows, title):
    e = html.escape
    out = ["<!DOCTYPE html><html lang=en><head><meta charset=utf-8>",
           "<title>%s</title><style>%s</style></head><body>" % (e(title), CSS)]
    ndiff = sum(1 for r in rows if r[6])
    out.append("<h1>%s</h1>" % e(title))
    out.append("<p class=sub>%d rules in %d areas &times; %d kernels; %d rules differ between kernels "
               "(highlighted). Hover a cell for the covering tests and reasons.</p>"
               % (len(rows), len({r[0] for r in rows}), len(runs), ndiff))
    # the kernels' facts
    out.append("<table class=facts><tr><th>column</th><th>kernel (uname -r)</th><th>build</th><th>run</th>"
               "<th>pass</th><th>fail</th><th>skip</th><th>xfail</th><th>wall</th><th>config / packages</th></tr>")
    for r in runs:
        m = r.meta
        run = ", ".join(x for x in [m.get("vm") or "native", m.get("mode", ""), m.get("arch", "")] if x)
        wall = m.get("sweep_ms") or m.get("vm_wall_ms") or m.get("wall_ms") or ""
        wall = "%.0f s" % (int(wall) / 1000) if wall.isdigit() else ""
        ver = re.sub(r"^#\d+\s+", "", m.get("kernel_version", ""))
        cfg = m.get("vm_kernel_packages") or os.path.basename(m.get("kernel_config", "")) or ""
        if m.get("vm_kernel_name"):
            cfg = m["vm_kernel_name"] + ": " + cfg
        out.append("<tr><th>%s</th><td>%s</td><td>%s</td><td>%s</td>" % (e(r.label), e(m.get("kernel", "?")), e(ver), e(run))
                   + "".join("<td class=n>%d</td>" % r.counts.get(s, 0) for s in ("pass", "fail", "skip", "xfail"))
                   + "<td class=n>%s</td><td>%s</td></tr>" % (e(wall), e(cfg)))
    out.append("</table>")
    out.append("<p class=legend>")
    for st, what in [("pass", "every covering test that ran passed"), ("fail", "a covering test failed"),
                     ("xfail", "a known kernel issue (fixtures/known-issues.tsv)"),
                     ("skip", "skipped (probed cause in the reason)"), ("notrun", "no covering test ran"),
                     ("uncovered", "no test covers the rule")]:
        out.append("<span><span class='b %s'>%s</span> %s</span>" % (st, SHOWN[st], e(what)))
    out.append("<span style='background:#fff4c2;padding:1px 4px'>&#9654; verdict differs between kernels</span>")
    out.append("<label><input type=checkbox id=only> show only rows that differ (or open the page as FILE.html#differ)</label></p>")
    out.append("<table class=m><thead><tr><th class=l>rule</th><th class=l>claim</th><th class=l>kernel</th>"
               + "".join("<th title='%s'>%s<br><span style='font-weight:normal;color:#666'>%s</span></th>"
                         % (e(r.meta.get("kernel", "")), e(r.label), e(short_release(r.meta.get("kernel", ""))))
                         for r in runs) + "</tr></thead><tbody>")
    area = None
    for a, atitle, rid, claim, kernel, cells, differs in rows:
        if a != area:
            area = a
            n = sum(1 for r in rows if r[0] == a)
            nd = sum(1 for r in rows if r[0] == a and r[6])
            out.append("<tr class='area%s'><th colspan=%d>%s <span style='font-weight:normal;color:#556'>%s"
                       " &mdash; %d rules%s</span></th></tr>"
                       % ("" if nd else " same", 3 + len(runs), e(a), e(atitle), n, (", %d differ" % nd) if nd else ""))
        tds = []
        for st, detail in cells:
            tip = "\n".join("%s: %s%s" % (t, s, (" \u2014 " + w) if w else "") for t, s, w in detail)
            tds.append("<td class=c title='%s'><span class='b %s'>%s</span></td>" % (e(tip or "no test covers this rule"), st, SHOWN[st]))
        out.append("<tr class='%s'><td class=id>%s</td><td class=claim title='%s'>%s</td><td class=kv title='%s'>%s</td>%s</tr>"
                   % ("diff" if differs else "same", e(rid), e(plain(claim)), e(plain(claim)),
                      e(plain(kernel)), e(plain(kernel)), "".join(tds)))
    out.append("</tbody></table><script>%s</script></body></html>" % JS)
    return "\n".join(out)


def short_release(k):
    m = re.match(r"^(\d+\.\d+(?:\.\d+)?(?:-rc\d+)?)", k)
    return m.group(1) if m else k


def compare(src, a, b):
    runs, rows = matrix(src, [a, b])
    ra, rb = runs
    changed = [r for r in rows if r[5][0][0] != r[5][1][0]]
    print("compare %s (%s) -> %s (%s): %d of %d rules changed verdict"
          % (ra.label, ra.meta.get("kernel", "?"), rb.label, rb.meta.get("kernel", "?"), len(changed), len(rows)))
    for area, _, rid, claim, _, cells, _ in changed:
        (sa, da), (sb, db) = cells
        print("%-10s %-9s -> %-9s %s" % (rid, sa, sb, plain(claim)[:90]))
        before = {t: (s, w) for t, s, w in da}
        for t, s, w in db:
            p = before.get(t, ("notrun", ""))
            if p[0] != s:
                why = w or p[1]
                print("    %s: %s -> %s%s" % (t, p[0], s, ("  (" + why + ")") if why else ""))
    return 1 if changed else 0


def main(argv):
    global SRC
    src = SRC
    if len(argv) > 2 and argv[1] == "--src":
        src = SRC = argv[2]
        argv = argv[:1] + argv[3:]
    if len(argv) < 2:
        die("usage: matrix.py [--src DIR] html OUT.html DIR... | tsv DIR... | compare DIR_A DIR_B")
    cmd, args = argv[1], argv[2:]
    if cmd == "compare":
        if len(args) != 2:
            die("compare wants two result directories")
        return compare(src, *args)
    if cmd == "tsv":
        if not args:
            die("tsv wants result directories")
        runs, rows = matrix(src, args)
        tsv(runs, rows, sys.stdout)
        return 0
    if cmd == "html":
        if len(args) < 2:
            die("html wants OUT.html and result directories")
        out, dirs = args[0], args[1:]
        runs, rows = matrix(src, dirs)
        title = "nsconform kernel matrix: " + ", ".join(r.label for r in runs)
        with open(out, "w", encoding="utf-8") as f:
            f.write(page(runs, rows, title))
        tsvf = re.sub(r"\.html?$", "", out) + ".tsv"
        with open(tsvf, "w", encoding="utf-8") as f:
            tsv(runs, rows, f)
        nd = sum(1 for r in rows if r[6])
        sys.stderr.write("matrix: %s and %s: %d rules x %d kernels, %d rules differ\n"
                         % (out, tsvf, len(rows), len(runs), nd))
        return 0
    die("unknown command '%s'" % cmd)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
