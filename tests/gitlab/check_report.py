#!/usr/bin/env python3
"""gitlab.code_quality: `bfc check --format gitlab` against GitLab's Code Quality format.

GitLab reads a JSON array of objects (a subset of the Code Climate issue format), each with
`description` (string), `check_name` (string), `fingerprint` (string, unique), `severity`
(info, minor, major, critical or blocker), `location.path` (a path relative to the
repository, no leading `./`) and `location.lines.begin` (integer line). docs/check.md.

For each run below this checks, with the standard library only:
  - stdout is UTF-8 without a byte order mark and parses as a JSON array;
  - every entry has the fields above with the right types, a severity GitLab knows, a
    check_name that is a bfc code, a relative path, a line >= 1; fingerprints are unique;
  - a second run gives the same bytes, and the exit code is that of `--format json`;
  - the entries are the `--format json` diagnostics: same codes, files, lines, severities;
  - a report without findings is exactly `[]`;
  - fingerprints do not change when lines are added above the findings.
It first checks itself: reports that break each rule must be rejected.

usage: check_report.py BFC CASES_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SEVERITIES = {"info", "minor", "major", "critical", "blocker"}
# bfc's severity -> GitLab's (docs/check.md).
SEVERITY_MAP = {"error": "critical", "warning": "minor", "note": "info"}
CODE = re.compile(r"^[EW][0-9]{4}$")

# Cases with errors, warnings, identical findings, notes, a finding without a place (E0210),
# several plans, a clean plan, and every case at once (many files, many repeated findings).
RUNS = [
    ["formats/gitlab.bf"],
    ["formats/gitlab_clean.bf"],
    ["formats/sarif.bf"],
    ["semantic/E0402_instance_loop.bf"],
    ["semantic/E0210_unknown_backfill.bf", "--backfill", "nope"],
    ["semantic/W0003_dry_run_instances.bf"],
    ["multi/plans"],
    ["valid/brief_example.bf"],
    ["--error-limit", "0", "semantic", "sema", "properties", "syntax", "formats"],
]


def problems(report_bytes):
    """Everything wrong with one report, as messages (empty: GitLab can read it)."""
    out = []
    if report_bytes.startswith(b"\xef\xbb\xbf"):
        out.append("starts with a byte order mark (GitLab's parser rejects it)")
        report_bytes = report_bytes[3:]
    try:
        report = json.loads(report_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        return out + [f"not UTF-8 JSON: {e}"]
    if not isinstance(report, list):
        return out + ["the top level is not an array"]
    seen = {}
    for i, entry in enumerate(report):
        where = f"entry {i}"
        if not isinstance(entry, dict):
            out.append(f"{where}: not an object")
            continue
        for key in ("description", "check_name", "fingerprint", "severity"):
            if not isinstance(entry.get(key), str) or not entry.get(key):
                out.append(f"{where}: `{key}` is not a non-empty string")
        if isinstance(entry.get("check_name"), str) and not CODE.match(entry["check_name"]):
            out.append(f"{where}: check_name {entry['check_name']!r} is not a bfc code")
        if entry.get("severity") not in SEVERITIES:
            out.append(f"{where}: severity {entry.get('severity')!r} not in {sorted(SEVERITIES)}")
        fp = entry.get("fingerprint")
        if isinstance(fp, str):
            if not re.fullmatch(r"[0-9a-f]{32}", fp):
                out.append(f"{where}: fingerprint {fp!r} is not 32 lower-case hex digits")
            if fp in seen:
                out.append(f"{where}: fingerprint {fp} repeats entry {seen[fp]}")
            seen.setdefault(fp, i)
        loc = entry.get("location")
        if not isinstance(loc, dict):
            out.append(f"{where}: `location` is not an object")
            continue
        path = loc.get("path")
        if not isinstance(path, str) or not path:
            out.append(f"{where}: location.path is not a non-empty string")
        elif path.startswith("/") or path.startswith("./"):
            out.append(f"{where}: location.path {path!r} is not relative (or starts with ./)")
        lines = loc.get("lines")
        begin = lines.get("begin") if isinstance(lines, dict) else None
        if type(begin) is not int or begin < 1:
            out.append(f"{where}: location.lines.begin {begin!r} is not an integer >= 1")
    return out


def selftest():
    """The checker must reject reports that break each rule."""
    good = {
        "description": "unknown task `x`",
        "check_name": "E0205",
        "fingerprint": "0123456789abcdef0123456789abcdef",
        "severity": "critical",
        "location": {"path": "plans/a.bf", "lines": {"begin": 3}},
    }
    assert not problems(json.dumps([good]).encode()), problems(json.dumps([good]).encode())
    assert not problems(b"[]")

    def broken(change):
        e = json.loads(json.dumps(good))
        change(e)
        return e

    bad_reports = {
        "duplicate fingerprint": [good, dict(good)],
        "bom": None,
        "not an array": {"issues": [good]},
        "severity": [broken(lambda e: e.update(severity="error"))],
        "no description": [broken(lambda e: e.pop("description"))],
        "check_name type": [broken(lambda e: e.update(check_name=205))],
        "absolute path": [broken(lambda e: e["location"].update(path="/abs/a.bf"))],
        "dot path": [broken(lambda e: e["location"].update(path="./a.bf"))],
        "line string": [broken(lambda e: e["location"].update(lines={"begin": "3"}))],
        "line zero": [broken(lambda e: e["location"].update(lines={"begin": 0}))],
        "no location": [broken(lambda e: e.pop("location"))],
    }
    for name, report in bad_reports.items():
        data = json.dumps(report).encode() if report is not None else b"\xef\xbb\xbf[]"
        assert problems(data), f"selftest: the checker accepts a report with: {name}"


def run(bfc, cwd, fmt, args):
    p = subprocess.run([bfc, "check", "--format", fmt, "--today", "2024-04-01", *args], cwd=cwd,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ, NO_COLOR="1"),
                       timeout=300)
    return p.returncode, p.stdout


def compare_with_json(report, json_doc):
    """The report's entries against the `--format json` diagnostics, one by one."""
    out = []
    diags = json.loads(json_doc.decode())["diagnostics"]
    if len(diags) != len(report):
        return [f"{len(report)} entries, but --format json has {len(diags)} diagnostics"]
    for i, (entry, d) in enumerate(zip(report, diags)):
        want_sev = SEVERITY_MAP[d["severity"]]
        if entry["check_name"] != d["code"] or entry["severity"] != want_sev:
            out.append(f"entry {i}: {entry['check_name']}/{entry['severity']}, json says "
                       f"{d['code']}/{d['severity']}")
        if not entry["description"].startswith(d["message"]):
            out.append(f"entry {i}: description {entry['description']!r} does not start with "
                       f"the message {d['message']!r}")
        if d["span"] is not None:
            want = (d["span"]["file"], d["span"]["line"])
            got = (entry["location"]["path"], entry["location"]["lines"]["begin"])
            if got != want:
                out.append(f"entry {i}: at {got}, json says {want}")
    return out


def line_shift_keeps_fingerprints(bfc, cases):
    """Lines added above every finding move them, but keep each finding's fingerprint."""
    case = "formats/gitlab.bf"
    _, before = run(bfc, cases, "gitlab", [case])
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "formats"))
        with open(os.path.join(cases, case), encoding="utf-8") as f:
            lines = f.read().split("\n")
        shifted = [lines[0], "# three", "# more", "# lines"] + lines[1:]
        with open(os.path.join(tmp, case), "w", encoding="utf-8") as f:
            f.write("\n".join(shifted))
        _, after = run(bfc, tmp, "gitlab", [case])
    b, a = json.loads(before), json.loads(after)
    out = []
    if [e["fingerprint"] for e in b] != [e["fingerprint"] for e in a]:
        out.append("fingerprints change when lines are added above the findings")
    if [e["location"]["lines"]["begin"] + 3 for e in b] != [e["location"]["lines"]["begin"] for e in a]:
        out.append("the lines did not move by 3 (is the test still testing something?)")
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    bfc, cases = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    selftest()
    print("ok: selftest (the checker rejects each kind of broken report)")
    failed = False
    total = 0
    for args in RUNS:
        name = " ".join(args)
        rc, out = run(bfc, cases, "gitlab", args)
        rc2, out2 = run(bfc, cases, "gitlab", args)
        json_rc, json_out = run(bfc, cases, "json", args)
        errs = problems(out)
        if rc not in (0, 1, 2):  # 2: a usage problem such as E0210, still reported
            errs.append(f"exit {rc}")
        if (rc, out) != (rc2, out2):
            errs.append("a second run gives other bytes or another exit code")
        if rc != json_rc:
            errs.append(f"exit {rc}, but {json_rc} with --format json")
        if not errs:
            report = json.loads(out)
            errs += compare_with_json(report, json_out)
            if not report and out != b"[]\n":
                errs.append(f"no findings, but the output is {out!r}, not []")
            total += len(report)
        if errs:
            failed = True
            print(f"FAIL: bfc check --format gitlab {name}")
            for e in errs[:20]:
                print("  " + e)
        else:
            print(f"ok: bfc check --format gitlab {name} ({len(json.loads(out))} findings, exit {rc})")
    errs = line_shift_keeps_fingerprints(bfc, cases)
    for e in errs:
        failed = True
        print("FAIL: " + e)
    if not errs:
        print("ok: fingerprints survive lines added above the findings")
    if total == 0:
        failed = True
        print("FAIL: no run had any finding: nothing was tested")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
