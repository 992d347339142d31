#!/usr/bin/env python3
"""Crash test: SIGKILL `bfc run` at random moments, resume, and check the guarantees.

usage: crash_test.py BFC [--kills N] [--seed S]

Every command appends start/end lines to a ledger while holding a per-instance flock
(ledger_task.sh), so an attempt overlapping a leftover of an earlier one is recorded as
OVERLAP. After the final, uninterrupted run it asserts:
  - every instance succeeded, every attempt in the state is closed (at-least-once);
  - no OVERLAP in the ledger (never two attempts of one instance at once);
  - no instance started again after a success that was recorded when the runner was
    killed (never re-run after a recorded success);
  - PRAGMA integrity_check is ok after every kill;
  - the log of every completed attempt (outcome succeeded or failed, from any run) is intact
    in the log store: `bfc logs --attempt N` prints exactly what the command wrote.
"""
import argparse
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

HERE = os.path.dirname(os.path.abspath(__file__))


def fail(msg):
    print(f"crash_test: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def successes(state):
    con = sqlite3.connect(f"file:{state}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT id FROM instances WHERE status='succeeded'").fetchall()
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()
    if check != "ok":
        fail(f"integrity_check: {check}")
    return {r[0] for r in rows}


def expected_log(inst, att):
    """What ledger_task.sh writes on stdout."""
    return "".join(f"log {inst} {att} {k}\n" for k in range(1, 201)) + f"final {inst} {att}"


def check_logs(bfc, plan, state):
    """Every completed attempt's log is exactly its output."""
    con = sqlite3.connect(f"file:{state}?mode=ro", uri=True)
    rows = con.execute("SELECT instance, attempt FROM attempts WHERE outcome IN ('succeeded', 'failed')").fetchall()
    con.close()
    for inst, att in rows:
        r = subprocess.run([bfc, "logs", plan, inst, "--attempt", str(att)], capture_output=True, text=True)
        if r.returncode != 0 or r.stdout != expected_log(inst, att):
            fail(f"the log of {inst} attempt {att} is not its output (exit {r.returncode}): "
                 f"{r.stdout[:120]!r}...{r.stdout[-60:]!r} {r.stderr}")
    return len(rows)


def ledger_lines(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return f.read().splitlines()


def unrecorded_phase(bfc, tmp):
    """Kills the runner while its started attempts are not recorded yet (a long commit
    interval makes that window certain): the state has no attempt, yet the attempts' process
    groups still hold their locks. The next run must kill them before running again."""
    plan = os.path.join(tmp, "unrecorded.json")
    state = plan + ".state.db"
    ledger = os.path.join(tmp, "unrecorded.ledger")
    locks = os.path.join(tmp, "unrecorded.locks")
    os.mkdir(locks)
    subprocess.run([sys.executable, os.path.join(HERE, "gen_plan.py"), "--layers", "1", "--width", "3",
                    "--deps", "0", "--max-running", "3",
                    "--command", f"sh {os.path.join(HERE, 'ledger_task.sh')}", "-o", plan], check=True)
    env = dict(os.environ, LEDGER=ledger, LEDGER_DIR=locks, LEDGER_SLEEP="30", BFC_COMMIT_INTERVAL="60")
    runner = subprocess.Popen([bfc, "run", plan], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 20
    while sum(1 for l in ledger_lines(ledger) if l.startswith("start")) < 3:
        if time.time() > deadline or runner.poll() is not None:
            fail(f"unrecorded phase: the attempts did not start: {ledger_lines(ledger)}")
        time.sleep(0.02)
    runner.send_signal(signal.SIGKILL)
    runner.wait()
    con = sqlite3.connect(f"file:{state}?mode=ro", uri=True)
    recorded = con.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]
    con.close()
    if recorded:
        fail(f"unrecorded phase: expected no recorded attempt, found {recorded}")
    env["LEDGER_SLEEP"] = "0.1"
    del env["BFC_COMMIT_INTERVAL"]
    final = subprocess.run([bfc, "run", plan], env=env, capture_output=True, text=True, timeout=60)
    if final.returncode != 0:
        fail(f"unrecorded phase: resumed run exited {final.returncode}:\n{final.stderr}")
    if "had not recorded yet" not in final.stderr:
        fail(f"unrecorded phase: recovery did not report the unrecorded attempts:\n{final.stderr}")
    lines = ledger_lines(ledger)
    overlaps = [l for l in lines if l.startswith("OVERLAP")]
    if overlaps:
        fail(f"unrecorded phase: overlapping attempts: {overlaps}")
    if sum(1 for l in lines if l.startswith("end")) != 3:
        fail(f"unrecorded phase: expected 3 completed attempts: {lines}")
    print("crash_test: ok: attempts started but not recorded were killed before they ran again")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bfc")
    ap.add_argument("--kills", type=int, default=6)
    ap.add_argument("--seed", type=int, default=None)
    a = ap.parse_args()
    seed = a.seed if a.seed is not None else int(time.time())
    rng = random.Random(seed)
    print(f"crash_test: seed {seed}")
    bfc = os.path.abspath(a.bfc)
    tmp = tempfile.mkdtemp(prefix="bfc_crash_")
    try:
        plan = os.path.join(tmp, "plan.json")
        state = plan + ".state.db"
        ledger = os.path.join(tmp, "ledger")
        locks = os.path.join(tmp, "locks")
        os.mkdir(locks)
        subprocess.run([sys.executable, os.path.join(HERE, "gen_plan.py"), "--layers", "3", "--width", "4",
                        "--deps", "2", "--dates", "6", "--parallel", "2", "--max-running", "4",
                        "--command", f"sh {os.path.join(HERE, 'ledger_task.sh')}", "-o", plan], check=True)
        with open(plan) as f:
            ids = [i["id"] for i in json.load(f)["instances"]]
        env = dict(os.environ, LEDGER=ledger, LEDGER_DIR=locks)
        checkpoints = []  # (ledger length, successes recorded) at each kill
        started = time.time()
        for k in range(a.kills):
            runner = subprocess.Popen([bfc, "run", plan], env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE, text=True)
            time.sleep(rng.uniform(0.1, 1.2))
            if runner.poll() is not None:
                err = runner.stderr.read()
                if runner.returncode != 0:
                    fail(f"run {k} exited {runner.returncode} before the kill:\n{err}")
                print(f"crash_test: run {k} finished before its kill")
                break
            runner.send_signal(signal.SIGKILL)
            runner.wait()
            runner.stderr.close()
            checkpoints.append((len(ledger_lines(ledger)), successes(state)))
            print(f"crash_test: killed run {k}; {len(checkpoints[-1][1])}/{len(ids)} recorded successes")
        final = subprocess.run([bfc, "run", plan], env=env, capture_output=True, text=True)
        if final.returncode != 0:
            fail(f"final run exited {final.returncode}:\n{final.stderr}")
        done = successes(state)
        if done != set(ids):
            fail(f"not all succeeded: missing {sorted(set(ids) - done)}")
        con = sqlite3.connect(state)
        open_attempts = con.execute("SELECT COUNT(*) FROM attempts WHERE ended_at IS NULL").fetchone()[0]
        if open_attempts:
            fail(f"{open_attempts} attempts left open")
        wins = con.execute("SELECT instance, attempt FROM attempts WHERE outcome='succeeded'").fetchall()
        con.close()
        win = {}
        for inst, att in wins:
            if inst in win:
                fail(f"{inst} succeeded twice (attempts {win[inst]} and {att})")
            win[inst] = att
        lines = ledger_lines(ledger)
        overlaps = [l for l in lines if l.startswith("OVERLAP")]
        if overlaps:
            fail(f"overlapping attempts: {overlaps[:5]}")
        for length, recorded in checkpoints:
            for line in lines[length:]:
                kind, inst, *_ = line.split()
                if kind == "start" and inst in recorded:
                    fail(f"{inst} started again after its success was recorded: {line}")
        for inst, att in win.items():
            starts = [int(l.split()[2]) for l in lines if l.startswith(f"start {inst} ")]
            if not starts or max(starts) != att:
                fail(f"{inst}: recorded success is attempt {att} but the ledger's starts are {starts}")
            if f"end {inst} {att}" not in {" ".join(l.split()[:3]) for l in lines}:
                fail(f"{inst}: no end line for the successful attempt {att}")
        reruns = sum(1 for l in lines if l.startswith("start")) - len(ids)
        logs = check_logs(bfc, plan, state)
        print(f"crash_test: ok: {len(ids)} instances, {len(checkpoints)} kills, {reruns} re-run attempts, "
              f"{logs} completed attempts' logs intact, {time.time() - started:.1f}s")
        unrecorded_phase(bfc, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
