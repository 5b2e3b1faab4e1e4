#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# compare.py [--wall S] [--report KTAP] [--subset] LAVA_LOG
#
# make lava-check's verdict. From lava-run's log it takes (a) LAVA's result
# records and (b) the suite's own KTAP, which the target printed between
# NSC-KTAP-BEGIN and NSC-KTAP-END, and checks, with a KTAP reader of its own
# (not ktap2lava's):
#  - every test, program and suite line of the KTAP has exactly one LAVA
#    case of the same name and verdict (XFAIL: skip with units xfail), and
#    LAVA has no case the KTAP lacks;
#  - the planted program's results: pass, fail, skip, known issue (XFAIL),
#    crash (the program: fail, exit status 139; the crashing test and the
#    one after it: fail, never pass);
#  - the facts (kernel, privileges) and the run's exit status;
#  - --report: the KTAP that run_tests.sh --report-from makes of
#    lava2results' directory gives every test, program and suite the same
#    verdict (the kernel matrix reads that directory);
#  - the job itself finished (LAVA's "job" result pass).
# Prints both sides' counts. Exit 0 when all holds, 1 otherwise.
import argparse
import importlib.machinery
import importlib.util
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
_loader = importlib.machinery.SourceFileLoader("lava2results", os.path.join(HERE, "..", "lava2results"))
_spec = importlib.util.spec_from_loader("lava2results", _loader)
l2r = importlib.util.module_from_spec(_spec)
_loader.exec_module(l2r)

RESULT = re.compile(r"^(not ok|ok) \d+ ?(.*)$")


def ktap_verdicts(text):
    """name -> verdict (pass/fail/skip/xfail) at every level, plus header facts."""
    out, facts, stack, top, plan = {}, {}, {}, 0, None
    for raw in text.splitlines():
        raw = raw.rstrip("\r")
        ind = len(raw) - len(raw.lstrip(" "))
        line = raw.strip()
        level = ind // 4
        if line.startswith("# Subtest: "):
            stack[level - 1] = line[len("# Subtest: "):]
            continue
        if level == 0 and line.startswith("# kernel: "):
            f = line[len("# kernel: "):].split()
            facts["kernel"], facts["arch"] = f[0], f[-1]
        if level == 0 and line.startswith("# privileges: "):
            m = re.match(r"# privileges: (\S+) \(uid (\d+)\), user namespaces: (\S+)", line)
            if m:
                facts["privileges"], facts["uid"], facts["userns"] = m.group(1), int(m.group(2)), m.group(3)
        if level == 0 and re.match(r"^1\.\.\d+", line):
            plan = int(line[3:].split()[0])
        m = RESULT.match(line)
        if not m:
            continue
        ok, rest = m.group(1) == "ok", m.group(2)
        name, _, directive = rest.partition(" # ")
        d = directive.upper()
        verdict = "skip" if d.startswith("SKIP") else ("xfail" if d.startswith("XFAIL") and ok else
                                                     ("pass" if ok else "fail"))
        if level == 0:
            top += 1
            if name == "leak_check":
                continue
        prefix = [stack[i] for i in range(level) if i in stack]
        if len(prefix) != level:
            raise ValueError("KTAP result without its subtest: %r" % raw)
        out[".".join(prefix + [name])] = verdict
    facts["whole"] = plan is not None and top == plan
    return out, facts


def extract_ktap(log_text):
    lines, on, rc = [], False, None
    for line in log_text.splitlines():
        line = line.strip()
        if line.startswith("- "):
            line = line[2:]
        if '"target"' not in line and "target" not in line:
            continue
        try:
            rec = yaml.safe_load(line)
        except yaml.YAMLError:
            continue
        if not isinstance(rec, dict) or rec.get("lvl") != "target" or not isinstance(rec.get("msg"), str):
            continue
        msg = rec["msg"]
        if msg.startswith("NSC-KTAP-BEGIN"):
            on, lines = True, []
            continue
        if msg.startswith("NSC-KTAP-END"):
            m = re.search(r"rc=(\d+)", msg)
            rc = int(m.group(1)) if m else None
            on = False
            continue
        if on:
            lines.append(msg)
    return "\n".join(lines), rc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wall", help="the job's wall time in seconds, for the summary")
    ap.add_argument("--report", help="KTAP of run_tests.sh --report-from on lava2results' directory")
    ap.add_argument("--subset", action="store_true", help="only some suites ran")
    ap.add_argument("log")
    a = ap.parse_args()
    text = open(a.log).read()
    problems = []
    records = l2r.load_records(text)
    job = [r for r in records if r["definition"] == "lava" and r["case"] == "job"]
    if not job or job[-1]["result"] != "pass":
        problems.append("the LAVA job did not finish cleanly (job result: %s)" % (job[-1]["result"] if job else "none"))
    ours = l2r.nsconform_results(records)
    lava = {}
    for r in ours:
        if r["case"] in lava:
            problems.append("LAVA reported %s twice" % r["case"])
        lava[r["case"]] = r
    ktap, rc = extract_ktap(text)
    if not ktap:
        problems.append("no KTAP between NSC-KTAP-BEGIN and NSC-KTAP-END in the job's log")
    want, facts = ktap_verdicts(ktap)
    if ktap and not facts["whole"]:
        problems.append("the KTAP in the log is cut short")

    def lava_verdict(r):
        if r["result"] == "skip" and r.get("units") == "xfail":
            return "xfail"
        return r["result"]

    for name, v in want.items():
        r = lava.get(name)
        if r is None:
            problems.append("missing in LAVA: %s (KTAP: %s)" % (name, v))
        elif lava_verdict(r) != v:
            problems.append("verdict differs: %s KTAP %s, LAVA %s" % (name, v, lava_verdict(r)))
    extra = [n for n in lava if n not in want and n != "nsconform" and not n.startswith("nsconform.")]
    for n in extra:
        problems.append("LAVA has a case the KTAP lacks: %s" % n)

    # the facts and the run
    expect_facts = {}
    if "kernel" in facts:
        expect_facts["nsconform.kernel." + facts["kernel"]] = None
        expect_facts["nsconform.arch." + facts["arch"]] = None
    if "privileges" in facts:
        expect_facts["nsconform.privileges." + facts["privileges"]] = facts["uid"]
        expect_facts["nsconform.userns." + facts["userns"]] = None
    for n, meas in expect_facts.items():
        r = lava.get(n)
        if r is None or r["result"] != "pass":
            problems.append("fact not reported: %s" % n)
        elif meas is not None and l2r.measurement(r) != meas:
            problems.append("fact %s: measurement %s, want %s" % (n, r["measurement"], meas))
    run = lava.get("nsconform")
    if run is None:
        problems.append("no 'nsconform' case for the run")
    else:
        if rc is None or l2r.measurement(run) != rc:
            problems.append("run exit status: LAVA %s, the target's runner %s" % (run["measurement"], rc))
        want_run = "pass" if rc == 0 else "skip" if rc == 4 else "fail"
        if run["result"] != want_run:
            problems.append("run verdict: LAVA %s, want %s (runner exit %s)" % (run["result"], want_run, rc))

    # the planted program
    plant = {
        "lavaplant.plant_test.global.plant_01_pass": "pass",
        "lavaplant.plant_test.global.plant_02_fail": "fail",
        "lavaplant.plant_test.global.plant_03_skip": "skip",
        "lavaplant.plant_test.global.plant_04_known_issue": "xfail",
        "lavaplant.plant_test.global.plant_05_crash": "fail",
        "lavaplant.plant_test.global.plant_06_never_runs": "fail",
        "lavaplant.plant_test": "fail",
        "lavaplant": "fail",
    }
    for n, v in plant.items():
        got = lava_verdict(lava[n]) if n in lava else "missing"
        if got != v:
            problems.append("planted %s: LAVA %s, want %s" % (n, got, v))
    prog = lava.get("lavaplant.plant_test")
    if prog is not None and (prog.get("units") != "exit-status" or l2r.measurement(prog) != 139):
        problems.append("planted crash: exit status %s %s, want 139 (SIGSEGV)" % (prog.get("measurement"), prog.get("units")))
    if run is not None and run["result"] == "pass":
        problems.append("the run passed in spite of the planted failures")

    # the results directory, reported by run_tests.sh --report-from
    if a.report:
        rep, _ = ktap_verdicts(open(a.report).read())
        for n, v in want.items():
            if rep.get(n) != v:
                problems.append("results directory: %s KTAP %s, --report-from %s" % (n, v, rep.get(n, "missing")))
        for n in rep:
            if n not in want:
                problems.append("results directory: %s not in the KTAP" % n)

    def counts(verdicts):
        c = {"pass": 0, "fail": 0, "skip": 0, "xfail": 0}
        for v in verdicts:
            c[v] = c.get(v, 0) + 1
        return " ".join("%s %d" % kv for kv in c.items())

    tests_k = [v for n, v in want.items() if n.count(".") >= 2]
    tests_l = [lava_verdict(lava[n]) for n in lava if n.count(".") >= 2 and not n.startswith("nsconform.")]
    progs_k = [v for n, v in want.items() if n.count(".") == 1]
    progs_l = [lava_verdict(lava[n]) for n in lava if n.count(".") == 1 and not n.startswith("nsconform.")]
    suites_k = [v for n, v in want.items() if "." not in n]
    suites_l = [lava_verdict(lava[n]) for n in lava if "." not in n and n != "nsconform"]
    print("lava-check: kernel %s, job wall time %s s%s" % (facts.get("kernel", "?"), a.wall or "?",
                                                           " (some suites)" if a.subset else ""))
    print("  KTAP: %4d tests (%s), %3d programs, %2d suites" % (len(tests_k), counts(tests_k), len(progs_k), len(suites_k)))
    print("  LAVA: %4d tests (%s), %3d programs, %2d suites, %d other cases" % (
        len(tests_l), counts(tests_l), len(progs_l), len(suites_l), len(lava) - len(tests_l) - len(progs_l) - len(suites_l)))
    print("  planted: 6 tests and their program checked; runner exit %s, LAVA run case %s" % (
        rc, run["result"] if run else "missing"))
    if problems:
        for p in problems[:60]:
            print("  FAIL: " + p)
        if len(problems) > 60:
            print("  ... and %d more" % (len(problems) - 60))
        return 1
    print("lava-check: PASS: every case matches (%d LAVA cases)" % len(lava))
    return 0


if __name__ == "__main__":
    sys.exit(main())
