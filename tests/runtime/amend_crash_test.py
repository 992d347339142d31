#!/usr/bin/env python3
"""Crash test for `bfc run --amend`: SIGKILL it at random points, check the state is one
version or the other (never a mix), then resume.

usage: amend_crash_test.py BFC [--kills N] [--seed S] [--resume-every K]

Two versions of one plan (4 chains x 10 daily tasks over half a year, ~7k instances,
commands `true`) are compiled from .bf sources: v2 changes the command of a mid-chain task
(it and its downstream task are reset) and of a leaf task, removes one task, adds one and
extends the dates. A base state of v1 has every instance succeeded (most by `bfc
mark-success`, the last dates by a real run, so some have attempts and some not). On an idle
machine the amend takes ~0.1 s of a run's ~0.35 s start; the whole test ~15 s.

Each kill starts `bfc run v2.json --amend` on a copy of the base state and SIGKILLs it,
either at a random moment after start (it may die before the amend begins) or at a random
moment in [0, 1.5 x the amend time measured once] after it printed what it is about to amend
(inside the transaction, or just after its commit). Should no random kill have landed after
the commit, or none inside the amend, the last ones are aimed so that they do (reported as
"forced"). The killed state is checked on a copy of its files (the next `bfc run` recovers
the original files itself):
  - PRAGMA integrity_check is ok;
  - meta.plan_sha256 is v1's or v2's (sha256 of the plan file);
  - v1: instances, attempts, audit and removed_instances are exactly the base state's;
  - v2: the instance ids are v2's in plan order with v2's fingerprints and lineages,
    removed_instances holds exactly the v1-only ids, one 'amend' audit row names both
    hashes, every success kept from the base (same attempts) has the same fingerprint and
    lineage in both plans, every such unchanged instance kept its row, and the base's attempt
    rows are all still there.
Some killed states are resumed (`bfc run v2.json`, with --amend, or on an amended state once
without it and once with it) to completion: exit 0, everything succeeded, still one 'amend'
row, no success kept by the amend got a new attempt; `--amend` on the finished state is a
no-op. It also checks that `bfc run v2.json` without --amend refuses a v1 state (exit 2,
"`bfc run --amend` would keep"). The kills are counted as before the amend began / inside it
(announced, not committed) / after its commit; at least one must land inside and one after.
"""
import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

CHAINS, LENGTH = 4, 10
V1_DATES = ("2023-11-01", "2024-04-29")  # 181 days: 7,240 instances
V2_DATES = ("2023-11-01", "2024-05-01")  # two more
CHANGED = ("c0_t8", "c2_t9")  # v2 changes their commands (c0_t9 is reset as downstream)
REMOVED = "c3_t9"
ADDED = "c1_t10"
REAL_RUN_DATES = 3  # the base's last dates are run for real, the rest marked succeeded


def fail(msg):
    print(f"amend_crash_test: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


T0 = time.monotonic()


def log(msg):
    print(f"amend_crash_test: [{time.monotonic() - T0:5.1f}s] {msg}", flush=True)


def bf_source(version):
    lines = ['param dt = fmt(bizdate, "%Y-%m-%d");']
    names = []
    for c in range(CHAINS):
        for k in range(LENGTH):
            name = f"c{c}_t{k}"
            if version == 2 and name == REMOVED:
                continue
            cmd = "true v2" if version == 2 and name in CHANGED else "true"
            after = f" after = [c{c}_t{k - 1}];" if k else ""
            lines.append(f'task {name} {{{after} command = "{cmd} ${{dt}}"; }}')
            names.append(name)
    if version == 2:
        lines.append(f'task {ADDED} {{ after = [c1_t{LENGTH - 1}]; command = "true ${{dt}}"; }}')
        names.append(ADDED)
    start, end = V1_DATES if version == 1 else V2_DATES
    lines.append(f"backfill amend_crash {{ select = [{', '.join(names)}]; dates = {start}..{end}; "
                 f"parallel = 4; max_running = 8; }}")
    return "\n".join(lines) + "\n"


def compile_plan(bfc, tmp, version):
    src = os.path.join(tmp, f"v{version}.bf")
    out = os.path.join(tmp, f"v{version}.json")
    with open(src, "w") as f:
        f.write(bf_source(version))
    r = subprocess.run([bfc, "compile", src, "--today", "2024-06-01", "-o", out],
                       capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"compile v{version} exited {r.returncode}:\n{r.stderr}")
    with open(out, "rb") as f:
        data = f.read()
    plan = json.loads(data)
    if plan["format"] != "bfc-plan/2":
        fail(f"v{version} is {plan['format']}, expected bfc-plan/2")
    return out, hashlib.sha256(data).hexdigest(), plan["instances"]


def remove_state(path):
    for suffix in ("", "-wal", "-shm", ".lock"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def copy_state(src, dst):
    remove_state(dst)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(src + suffix):
            shutil.copyfile(src + suffix, dst + suffix)


def read_state(path):
    """Everything the checks compare; fails unless integrity_check is ok."""
    con = sqlite3.connect(path)
    try:
        check = con.execute("PRAGMA integrity_check").fetchall()
        if check != [("ok",)]:
            fail(f"{path}: integrity_check: {check}")
        s = {
            "sha": con.execute("SELECT value FROM meta WHERE key='plan_sha256'").fetchone()[0],
            "instances": con.execute("SELECT * FROM instances ORDER BY position").fetchall(),
            "attempts": con.execute("SELECT * FROM attempts ORDER BY instance, attempt").fetchall(),
            "audit": con.execute("SELECT seq, action, detail FROM audit ORDER BY seq").fetchall(),
            "removed": con.execute("SELECT id, status, attempts, fingerprint, plan_sha256 "
                                   "FROM removed_instances ORDER BY id").fetchall(),
        }
        cols = [d[0] for d in con.execute("SELECT * FROM instances LIMIT 0").description]
    finally:
        con.close()
    s["rows"] = {r[cols.index("id")]: dict(zip(cols, r)) for r in s["instances"]}
    s["amends"] = [json.loads(d) for _, a, d in s["audit"] if a == "amend"]
    return s


class Versions:
    def __init__(self, v1, sha1, v2, sha2, base):
        self.v1 = {i["id"]: i for i in v1}
        self.v2_ids = [i["id"] for i in v2]
        self.v2 = {i["id"]: i for i in v2}
        self.sha1, self.sha2, self.base = sha1, sha2, base
        # What the amend must keep: in both plans with the same fingerprint and lineage.
        self.kept = {i for i in self.v2_ids if i in self.v1 and
                     (self.v1[i]["fingerprint"], self.v1[i]["lineage"]) ==
                     (self.v2[i]["fingerprint"], self.v2[i]["lineage"])}
        self.removed = sorted(set(self.v1) - set(self.v2))

    def check_v1(self, s, what):
        for key in ("instances", "attempts", "audit", "removed"):
            if s[key] != self.base[key]:
                fail(f"{what}: the state is v1's but its {key} differ from the base state's")

    def check_v2(self, s, what, finished=False):
        ids = [r["id"] for r in sorted(s["rows"].values(), key=lambda r: r["position"])]
        if ids != self.v2_ids:
            fail(f"{what}: the instances are not v2's in plan order")
        if [r["position"] for r in s["rows"].values()] != list(range(len(ids))):
            fail(f"{what}: positions are not 0..{len(ids) - 1}")
        for i, r in s["rows"].items():
            p = self.v2[i]
            if (r["fingerprint"], r["lineage"]) != (p["fingerprint"], p["lineage"]):
                fail(f"{what}: {i} does not carry v2's fingerprint and lineage")
        removed = [r[0] for r in s["removed"]]
        if removed != self.removed:
            fail(f"{what}: removed_instances holds {len(removed)} ids, expected the "
                 f"{len(self.removed)} v1-only ones (e.g. {self.removed[:2]})")
        for rid, status, attempts, fp, sha in s["removed"]:
            b = self.base["rows"][rid]
            if (status, attempts, fp, sha) != (b["status"], b["attempts"], b["fingerprint"], self.sha1):
                fail(f"{what}: removed_instances row of {rid} is {(status, attempts, fp, sha)}")
        if len(s["amends"]) != 1:
            fail(f"{what}: {len(s['amends'])} 'amend' audit rows, expected 1")
        a = s["amends"][0]
        if a.get("old_plan_sha256") != self.sha1 or a.get("new_plan_sha256") != self.sha2:
            fail(f"{what}: the 'amend' audit row does not name both plans: {a}")
        if (a.get("kept"), a.get("removed"), a.get("kept_successes")) != \
                (len(self.kept), len(self.removed), len(self.kept)):
            fail(f"{what}: the 'amend' audit row counts {a}, expected kept {len(self.kept)}, "
                 f"removed {len(self.removed)}")
        if s["audit"][:len(self.base["audit"])] != self.base["audit"]:
            fail(f"{what}: the base state's audit rows changed")
        lost = set(self.base["attempts"]) - set(s["attempts"])
        if lost:
            fail(f"{what}: {len(lost)} attempt rows of the base state changed or vanished, "
                 f"e.g. {sorted(lost)[:1]}")
        base_rows = self.base["rows"]
        for i, r in s["rows"].items():
            b = base_rows.get(i)
            kept_success = b is not None and r["status"] == "succeeded" and r["attempts"] == b["attempts"]
            if kept_success and i not in self.kept:
                fail(f"{what}: {i} kept its old success though its fingerprint or lineage changed")
            if i in self.kept:
                strip = ("position", "fingerprint", "lineage")
                if {k: v for k, v in r.items() if k not in strip} != \
                        {k: v for k, v in b.items() if k not in strip}:
                    fail(f"{what}: unchanged instance {i} was not kept as it was: {b} -> {r}")
            if finished and r["status"] != "succeeded":
                fail(f"{what}: {i} is {r['status']}")


def run_base(bfc, tmp, v1_path, v1):
    """A finished v1 state: most instances marked succeeded, the last dates really run."""
    base = os.path.join(tmp, "base.db")
    dates = sorted({i["bizdate"] for i in v1})
    real = set(dates[-REAL_RUN_DATES:])
    marked = [i["id"] for i in v1 if i["bizdate"] not in real]
    r = subprocess.run([bfc, "mark-success", v1_path, "--state", base] + marked,
                       capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"mark-success exited {r.returncode}:\n{r.stderr}")
    r = subprocess.run([bfc, "run", v1_path, "--state", base, "--logs", os.path.join(tmp, "logs"),
                        "--max-running", "8"], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        fail(f"the v1 run exited {r.returncode}:\n{r.stderr}")
    con = sqlite3.connect(base)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    for suffix in ("-wal", "-shm", ".lock"):
        if os.path.exists(base + suffix):
            os.remove(base + suffix)
    return base


def start_amend(bfc, tmp, v2_path, state, errpath):
    err = open(errpath, "w")
    p = subprocess.Popen([bfc, "run", v2_path, "--state", state, "--amend", "--logs",
                          os.path.join(tmp, "logs"), "--max-running", "8"],
                         stdout=subprocess.DEVNULL, stderr=err)
    err.close()
    return p


def read(path):
    with open(path) as f:
        return f.read()


def wait_for(p, errpath, needle, deadline_s):
    """Polls the runner's stderr for `needle`; the time it appeared, or None if it ended."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < deadline_s:
        if needle in read(errpath):
            return time.monotonic()
        if p.poll() is not None:
            return None
        time.sleep(0.001)
    fail(f"no {needle!r} within {deadline_s}s:\n{read(errpath)}")


def calibrate(bfc, tmp, v2_path, base):
    """Seconds from start to the amend line, and from it to the run's first line (the amend
    transaction is in between)."""
    state, errpath = os.path.join(tmp, "calib.db"), os.path.join(tmp, "calib.err")
    copy_state(base, state)
    t0 = time.monotonic()
    p = start_amend(bfc, tmp, v2_path, state, errpath)
    ta = wait_for(p, errpath, "bfc: amend:", 60)
    tr = wait_for(p, errpath, "bfc: running", 60)
    p.send_signal(signal.SIGKILL)
    p.wait()
    if ta is None or tr is None:
        fail(f"calibration run ended early ({p.returncode}):\n{read(errpath)}")
    return ta - t0, tr - ta


def resume(bfc, tmp, v2_path, state, amend, versions, what):
    args = [bfc, "run", v2_path, "--state", state, "--logs", os.path.join(tmp, "logs"),
            "--max-running", "8"] + (["--amend"] if amend else [])
    r = subprocess.run(args, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        fail(f"{what}: resumed run exited {r.returncode}:\n{r.stderr}")
    s = read_state(state)
    if s["sha"] != versions.sha2:
        fail(f"{what}: after the resumed run the state's plan is not v2")
    versions.check_v2(s, what, finished=True)
    for i in versions.kept:
        if s["rows"][i]["attempts"] != versions.base["rows"][i]["attempts"]:
            fail(f"{what}: {i}, a success kept by the amend, got a new attempt")
    return s


def refuse_without_amend(bfc, tmp, v2_path, base, sha1):
    state = os.path.join(tmp, "refuse.db")
    copy_state(base, state)
    r = subprocess.run([bfc, "run", v2_path, "--state", state, "--logs", os.path.join(tmp, "logs")],
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 2 or "`bfc run --amend` would keep" not in r.stderr:
        fail(f"`bfc run v2.json` on a v1 state: exit {r.returncode}, expected 2 and "
             f"'`bfc run --amend` would keep':\n{r.stderr}")
    if read_state(state)["sha"] != sha1:
        fail("`bfc run v2.json` without --amend changed the v1 state's plan")
    log("ok: without --amend a v1 state is refused (exit 2, '`bfc run --amend` would keep …')")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bfc")
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--resume-every", type=int, default=0,
                    help="also resume every K-th killed state to completion (besides the first "
                         "of each kind and the last)")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    log(f"seed {a.seed}")
    bfc = os.path.abspath(a.bfc)
    tmp = tempfile.mkdtemp(prefix="bfc_amend_crash_")
    started = time.monotonic()
    try:
        v1_path, sha1, v1 = compile_plan(bfc, tmp, 1)
        v2_path, sha2, v2 = compile_plan(bfc, tmp, 2)
        base = run_base(bfc, tmp, v1_path, v1)
        base_state = read_state(base)
        if base_state["sha"] != sha1:
            fail("the base state's plan_sha256 is not the sha256 of v1.json")
        if any(r["status"] != "succeeded" for r in base_state["rows"].values()):
            fail("the base state is not finished")
        versions = Versions(v1, sha1, v2, sha2, base_state)
        log(f"v1 {len(v1)} instances, v2 {len(v2)}: {len(versions.kept)} to keep, "
            f"{len(set(versions.v2_ids) - versions.kept)} to (re)run, {len(versions.removed)} removed "
            f"({time.monotonic() - started:.1f}s)")
        refuse_without_amend(bfc, tmp, v2_path, base, sha1)

        to_amend, amend_s = calibrate(bfc, tmp, v2_path, base)
        log(f"calibration: the amend begins {to_amend:.3f}s after start and takes ~{amend_s:.3f}s "
            f"(up to the run's first line)")
        counts = {"before amend": 0, "inside amend": 0, "after commit": 0}
        resumed = dict.fromkeys(counts, 0)
        forced = 0
        state = os.path.join(tmp, "state.db")
        check = os.path.join(tmp, "check.db")
        errpath = os.path.join(tmp, "run.err")
        for k in range(a.kills):
            copy_state(base, state)
            p = start_amend(bfc, tmp, v2_path, state, errpath)
            left = a.kills - k
            if left <= 2 and counts["after commit"] == 0:
                # forced, should the random kills all have missed: once the run has begun
                wait_for(p, errpath, "bfc: running", 60)
                delay = rng.uniform(0, 0.1)
                time.sleep(delay)
                how = f"forced: {delay:.3f}s after the run's first line"
            elif left == 1 and counts["inside amend"] == 0:
                # forced likewise: right after the amend line (it takes ~0.1 s)
                wait_for(p, errpath, "bfc: amend:", 60)
                how = "forced: at the amend line"
            elif k % 5 == 0:  # blind: anywhere from start to a little past the commit
                delay = rng.uniform(0, 1.2 * (to_amend + amend_s))
                time.sleep(delay)
                how = f"{delay:.3f}s after start"
            else:  # aimed at the transaction: after the runner said what it will amend
                delay = rng.uniform(0, 1.5 * amend_s)
                if wait_for(p, errpath, "bfc: amend:", 60) is None:
                    fail(f"kill {k}: the run ended before amending ({p.returncode}):\n{read(errpath)}")
                time.sleep(delay)
                how = f"{delay:.3f}s after the amend line"
            if p.poll() is not None:
                fail(f"kill {k}: the run exited {p.returncode} before its kill:\n{read(errpath)}")
            p.send_signal(signal.SIGKILL)
            p.wait()
            announced = "bfc: amend:" in read(errpath)
            copy_state(state, check)  # check a copy: the resumed run recovers the original
            s = read_state(check)
            what = f"kill {k} ({how})"
            if s["sha"] == sha1:
                versions.check_v1(s, what)
                kind = "inside amend" if announced else "before amend"
            elif s["sha"] == sha2:
                if not announced:
                    fail(f"{what}: amended without printing the amend summary")
                versions.check_v2(s, what)
                kind = "after commit"
            else:
                fail(f"{what}: plan_sha256 {s['sha']} is neither v1's nor v2's")
            counts[kind] += 1
            forced += how.startswith("forced")
            ran = sum(1 for r in s["rows"].values() if r["status"] != "waiting") - len(versions.kept) \
                if kind == "after commit" else 0
            log(f"{what}: {kind}" + (f" ({ran} instances started since)" if ran else ""))
            # Resumed: the first state of each kind, the first two amended ones (one without
            # --amend, one with it: a no-op then), and the last.
            if resumed[kind] < (2 if kind == "after commit" else 1) or k == a.kills - 1 or \
                    (a.resume_every and (k + 1) % a.resume_every == 0):
                amend = kind != "after commit" or resumed[kind] % 2 == 1  # v1 states need it
                resume(bfc, tmp, v2_path, state, amend, versions, f"{what}, resumed")
                log(f"  resumed {'with' if amend else 'without'} --amend: all succeeded, kept "
                    "successes not re-run")
                resumed[kind] += 1
        # --amend on a finished, amended state is a no-op
        before = read_state(state)
        resume(bfc, tmp, v2_path, state, True, versions, "--amend on the finished state")
        after = read_state(state)
        if (after["instances"], after["attempts"], after["removed"]) != \
                (before["instances"], before["attempts"], before["removed"]):
            fail("--amend on an already amended, finished state changed it")
        log(f"kills: {counts['before amend']} before the amend began, {counts['inside amend']} "
            f"inside the amend (announced, not committed), {counts['after commit']} after its commit; "
            f"{forced} of them forced")
        if counts["before amend"] + counts["inside amend"] == 0 or counts["after commit"] == 0:
            fail("the kills did not land both before and after the amend's commit")
        if counts["inside amend"] == 0:
            fail("no kill landed inside the amend transaction")
        log(f"ok: {a.kills} kills, {time.monotonic() - started:.1f}s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
