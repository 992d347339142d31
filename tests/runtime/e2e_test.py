#!/usr/bin/env python3
"""End-to-end tests of `bfc run/status/rerun/mark-success/freeze/unfreeze` on real processes.

usage: e2e_test.py BFC CASE    (one ctest test per CASE; see CASES at the bottom)
"""
import datetime
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BFC = None


def bfc(*args, env=None, check=None, timeout=60, cwd=None):
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.run([BFC, *args], capture_output=True, text=True, env=e, timeout=timeout, cwd=cwd)
    if check is not None and p.returncode != check:
        raise AssertionError(f"bfc {' '.join(args)}: exit {p.returncode}, expected {check}\n"
                             f"stdout:\n{p.stdout}\nstderr:\n{p.stderr}")
    return p


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


def plan(instances, groups=None, **settings):
    """A plan document; instances are (task, date, command, extra-dict) tuples."""
    groups = groups or [{"id": 0, "dates": sorted({i[1] for i in instances})}]
    group_of = {d: g["id"] for g in groups for d in g["dates"]}
    doc = {
        "format": "bfc-plan/1", "backfill": "e2e", "today": "2024-04-01", "initiator": None, "sources": [],
        "settings": {"parallel": 1, "order": "ascending", "throttle_s": 0, "max_running": 2, "window": None,
                     "alert": None, "run_future": False},
        "groups": groups, "external_deps": [], "instances": [],
    }
    doc["settings"].update(settings)
    for task, date, command, *extra in instances:
        inst = {"id": f"{task}@{date}", "task": task, "workspace": None,
                "interval_start": f"{date}T00:00", "interval_end": f"{date}T23:59", "bizdate": date,
                "cyctime": f"{date}T23:59", "group": group_of[date], "priority": 5, "mode": "run",
                "dry_run_reason": None, "command": command, "retries": 0, "retry_delay_s": 0, "timeout_s": None,
                "deps": [], "external_deps": []}
        if extra:
            inst.update(extra[0])
        doc["instances"].append(inst)
    return doc


def write(path, doc):
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)


def status(plan_path, *extra):
    return json.loads(bfc("status", plan_path, "--format", "json", *extra, check=0).stdout)


def statuses(plan_path):
    return {i["id"]: i["status"] for i in status(plan_path)["instances"]}


def wait_for(cond, what, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        if cond():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def db(plan_path):
    return sqlite3.connect(plan_path + ".state.db")


# ---------------------------------------------------------------------------------------------

def case_run_fixture(tmp):
    p = os.path.join(tmp, "plan.json")
    shutil.copy(os.path.join(HERE, "fixtures", "small.plan.json"), p)
    r = bfc("run", p, check=0, cwd=tmp)  # the alert writes alert.out in the working directory
    expect("fix_march: succeeded" in r.stderr, r.stderr)
    s = status(p)
    expect(s["counts"]["succeeded"] == 9 and s["counts"]["dry_run"] == 3, s["counts"])
    with open(os.path.join(tmp, "alert.out")) as f:
        expect(f.read() == "backfill fix_march succeeded\n", "alert output")
    # The log store: `bfc logs` prints the attempt's output byte for byte, and there is no file
    # per attempt, only a segment per lane.
    out = bfc("logs", p, "events_daily@2024-03-03", check=0)
    expect(out.stdout == "daily 2024-03-03 attempt 1\n", f"log content {out.stdout!r} {out.stderr}")
    segments = [f for f in os.listdir(p + ".logs") if f != "alert.log"]
    expect(0 < len(segments) <= 2, segments)  # max_running lanes, not one file per attempt
    # Running again resumes: nothing re-runs after a recorded success.
    bfc("run", p, check=0)
    n = db(p).execute("SELECT COUNT(*) FROM attempts").fetchone()[0]
    expect(n == 9, f"{n} attempts after a second run")
    text = bfc("status", p, check=0).stdout
    expect("events_daily  S  S  S" in text, text)
    expect(db(p).execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity")


def case_invalid_plan(tmp):
    p = os.path.join(tmp, "plan.json")
    doc = plan([("a", "2024-03-01", "true")])
    doc["instances"][0]["priority"] = 4
    doc["instances"][0]["deps"] = ["ghost@2024-03-01"]
    write(p, doc)
    r = bfc("run", p, check=1)
    expect("/instances/0/priority: failed to match against any enum values" in r.stderr, r.stderr)
    expect("invalid plan" in r.stderr and "nothing was run" in r.stderr, r.stderr)
    expect(not os.path.exists(p + ".state.db"), "no state for an invalid plan")
    with open(p, "w") as f:
        f.write("{\"format\": \"bfc-plan/1\",\n oops}")
    r = bfc("run", p, check=1)
    expect(f"{p}: error: 2:2: not valid JSON" in r.stderr, r.stderr)
    r = bfc("run", os.path.join(tmp, "missing.json"), check=2)
    expect("cannot read plan" in r.stderr, r.stderr)
    bfc("status", p, check=1)


def case_second_runner(tmp):
    p = os.path.join(tmp, "plan.json")
    write(p, plan([("slow", "2024-03-01", "sleep 3")]))
    first = subprocess.Popen([BFC, "run", p], stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: statuses(p).get("slow@2024-03-01") == "running", "the first runner")
        r = bfc("run", p, check=2)
        expect(f"is in use by bfc run {p} (pid {first.pid} on " in r.stderr, r.stderr)
        expect(status(p)["runner"]["pid"] == first.pid, "status names the runner")
    finally:
        first.send_signal(signal.SIGINT)
        first.wait(20)


def case_operator_idle(tmp):
    p = os.path.join(tmp, "plan.json")
    flag = os.path.join(tmp, "ok.flag")
    write(p, plan([("check", "2024-03-01", f"echo checking; test -f {flag}"),
                   ("next", "2024-03-02", "true"),
                   ("side", "2024-03-01", "true")]))
    r = bfc("run", p, check=1)
    expect("check@2024-03-01 failed: attempt 1 failed (exit code 1)" in r.stderr, r.stderr)
    text = bfc("status", p, check=0).stdout
    expect("check@2024-03-01: attempt 1 failed (exit code 1)" in text and "| checking" in text, text)
    s = statuses(p)
    expect(s["next@2024-03-02"] == "waiting", s)
    open(flag, "w").close()
    r = bfc("rerun", p, "check@2024-03-01", check=0)
    expect("bfc rerun: 1 instance of check set to waiting by " in r.stdout and r.stdout.endswith(": check@2024-03-01\n"),
           r.stdout)
    bfc("freeze", p, "next@2024-03-02", check=0)
    r = bfc("run", p, check=1)
    expect("incomplete" in r.stderr, r.stderr)
    expect(statuses(p)["check@2024-03-01"] == "succeeded", "rerun succeeded")
    bfc("unfreeze", p, "next@2024-03-02", check=0)
    bfc("run", p, check=0)
    bfc("mark-success", p, "ghost@2024-03-01", check=1)
    r = bfc("rerun", p, "side@2024-03-01", "--downstream", check=0)
    bfc("mark-success", p, "side@2024-03-01", check=0)
    actions = [row[0] for row in db(p).execute("SELECT action FROM audit ORDER BY seq")]
    for a in ["init", "run", "rerun", "freeze", "unfreeze", "mark-success", "run-end"]:
        expect(a in actions, f"audit has {a}: {actions}")
    who = db(p).execute("SELECT who FROM audit WHERE action='freeze'").fetchone()[0]
    expect(who, "audit names who")


def case_operator_live(tmp):
    p = os.path.join(tmp, "plan.json")
    write(p, plan([("long", "2024-03-01", "sleep 5"), ("held", "2024-03-01", "true")]))
    bfc("freeze", p, "held@2024-03-01", check=0)
    runner = subprocess.Popen([BFC, "run", p], stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: statuses(p).get("long@2024-03-01") == "running", "the runner")
        r = bfc("unfreeze", p, "held@2024-03-01", check=0)
        expect("(applied by the active runner)" in r.stdout, r.stdout)
        r = bfc("mark-success", p, "long@2024-03-01", check=1)
        expect("is running" in r.stderr, r.stderr)
        runner.wait(30)
        expect(runner.returncode == 0, runner.stderr.read())
    finally:
        if runner.poll() is None:
            runner.kill()
    expect(statuses(p)["held@2024-03-01"] == "succeeded", statuses(p))


def case_sigint_stop(tmp):
    p = os.path.join(tmp, "plan.json")
    write(p, plan([("a", "2024-03-01", "sleep ${SLEEP:-30.7}"), ("b", "2024-03-01", "sleep ${SLEEP:-30.7}"),
                   ("c", "2024-03-01", "true")], max_running=2))
    runner = subprocess.Popen([BFC, "run", p], stderr=subprocess.PIPE, text=True)
    wait_for(lambda: list(statuses(p).values()).count("running") == 2, "two running")
    started = time.time()
    runner.send_signal(signal.SIGINT)
    runner.wait(20)
    expect(runner.returncode == 1, f"exit {runner.returncode}")
    expect(time.time() - started < 5, "stops promptly")
    err = runner.stderr.read()
    expect("stopping (Interrupt)" in err, err)
    s = status(p)
    kinds = {i["id"]: (i["status"], i.get("fail_kind")) for i in s["instances"]}
    expect(kinds["a@2024-03-01"] == ("failed", "interrupted"), kinds)
    expect(kinds["c@2024-03-01"][0] == "waiting", kinds)
    leftovers = subprocess.run(["pgrep", "-f", "^sleep 30.7"], capture_output=True, text=True).stdout.split()
    mine = [pid for pid in leftovers if os.path.exists(f"/proc/{pid}/environ") and
            b"BF_BACKFILL=e2e" in open(f"/proc/{pid}/environ", "rb").read()]
    expect(not mine, f"children still alive: {mine}")
    outcomes = [r[0] for r in db(p).execute("SELECT outcome FROM attempts")]
    expect(sorted(outcomes) == ["interrupted", "interrupted"], outcomes)
    # Resume: interrupted instances run again.
    r = bfc("run", p, env={"SLEEP": "0"}, check=0)
    expect("2 instance(s) stopped by the previous run will run again" in r.stderr, r.stderr)


def case_timeout(tmp):
    p = os.path.join(tmp, "plan.json")
    write(p, plan([("hang", "2024-03-01", "sleep 30", {"timeout_s": 1})]))
    started = time.time()
    r = bfc("run", p, check=1)
    expect(time.time() - started < 8, "timeout enforced")
    expect("exceeded its timeout of 1s" in r.stderr, r.stderr)
    expect(statuses(p)["hang@2024-03-01"] == "failed", statuses(p))


def case_fresh_plan(tmp):
    p = os.path.join(tmp, "plan.json")
    write(p, plan([("a", "2024-03-01", "true")]))
    bfc("run", p, check=0)
    doc = plan([("a", "2024-03-01", "true"), ("b", "2024-03-01", "true")])
    write(p, doc)
    r = bfc("run", p, check=2)
    expect("belongs to a different plan" in r.stderr and "--fresh" in r.stderr, r.stderr)
    bfc("status", p, check=2)
    bfc("run", p, "--fresh", check=0)
    expect(statuses(p) == {"a@2024-03-01": "succeeded", "b@2024-03-01": "succeeded"}, statuses(p))


def case_exit_codes(tmp):
    bfc("run", check=2)
    bfc("run", "x.json", "--max-running", "0", check=2)
    bfc("status", "x.json", "--format", "yaml", check=2)
    p = os.path.join(tmp, "plan.json")
    write(p, plan([("a", "2024-03-01", ["sh", "-c", "exit 4"])]))
    bfc("run", p, check=1)


def case_status_json(tmp):
    p = os.path.join(tmp, "plan.json")
    shutil.copy(os.path.join(HERE, "fixtures", "small.plan.json"), p)
    s = status(p)
    expect(s["state"] is None and s["runner"] is None, s)
    expect(s["counts"]["waiting"] == 12 and s["total"] == 12, s["counts"])
    expect(not os.path.exists(p + ".state.db"), "status does not create a state")


def case_sigterm_stop(tmp):
    p = os.path.join(tmp, "plan.json")
    write(p, plan([("a", "2024-03-01", "sleep 29.3"), ("b", "2024-03-01", "true", {"deps": ["a@2024-03-01"]})]))
    runner = subprocess.Popen([BFC, "run", p], stderr=subprocess.PIPE, text=True)
    wait_for(lambda: statuses(p).get("a@2024-03-01") == "running", "a running")
    wait_for(lambda: (db(p).execute("SELECT pgid FROM attempts").fetchone() or [None])[0], "a's process group recorded")
    pgid = db(p).execute("SELECT pgid FROM attempts").fetchone()[0]
    runner.send_signal(signal.SIGTERM)
    runner.wait(20)
    expect(runner.returncode == 1, f"exit {runner.returncode}")
    err = runner.stderr.read()
    expect("stopping (Terminated)" in err, err)
    kinds = {i["id"]: (i["status"], i.get("fail_kind")) for i in status(p)["instances"]}
    expect(kinds == {"a@2024-03-01": ("failed", "interrupted"), "b@2024-03-01": ("waiting", None)}, kinds)
    expect(subprocess.run(["pgrep", "-g", str(pgid)], capture_output=True).returncode == 1,
           "the attempt's process group is gone")
    actions = [r[0] for r in db(p).execute("SELECT action FROM audit ORDER BY seq")]
    expect("stop" in actions, actions)
    expect(db(p).execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity")


def case_retry_delay(tmp):
    p = os.path.join(tmp, "plan.json")
    marker = os.path.join(tmp, "first")
    # Fails on the first attempt (creating the marker), succeeds on the second.
    cmd = f"date +%s.%N >> {tmp}/starts; if [ -e {marker} ]; then exit 0; fi; touch {marker}; exit 7"
    write(p, plan([("flaky", "2024-03-01", cmd, {"retries": 2, "retry_delay_s": 1})]))
    r = bfc("run", p, check=0)
    expect("retry" in r.stderr, r.stderr)
    rows = db(p).execute("SELECT attempt, exit_code, outcome, log_path FROM attempts ORDER BY attempt").fetchall()
    expect([(a, c, o) for a, c, o, _ in rows] == [(1, 7, "failed"), (2, 0, "succeeded")], rows)
    expect(all(os.path.exists(l) for *_, l in rows), "the attempts' log segments exist")
    with open(os.path.join(tmp, "starts")) as f:
        t = [float(x) for x in f.read().split()]
    expect(len(t) == 2 and t[1] - t[0] >= 0.95, f"second attempt {t[1] - t[0]:.2f}s after the first")


def case_alert_outcomes(tmp):
    out = os.path.join(tmp, "alert.out")
    alert_cmd = f"echo \"${{status}} $BF_STATUS $BF_BACKFILL\" >> {out}"
    # on failure: a failed run alerts with `failed`.
    p = os.path.join(tmp, "plan.json")
    write(p, plan([("bad", "2024-03-01", "exit 3")], alert={"on": "failure", "command": alert_cmd}))
    r = bfc("run", p, check=1)
    expect("alert sent (failed)" in r.stderr, r.stderr)
    with open(out) as f:
        expect(f.read() == "failed failed e2e\n", "failure alert")
    expect(os.path.exists(p + ".logs/alert.log"), "alert log")
    actions = [r[0] for r in db(p).execute("SELECT action FROM audit ORDER BY seq")]
    expect("alert" in actions, actions)
    # on success: a failed run does not alert.
    q = os.path.join(tmp, "plan2.json")
    write(q, plan([("bad", "2024-03-01", "exit 3")], alert={"on": "success", "command": alert_cmd}))
    r = bfc("run", q, check=1)
    with open(out) as f:
        expect(f.read() == "failed failed e2e\n", "no alert on success for a failed run")
    # A list command gets ${status} substituted too; frozen work makes the run incomplete,
    # reported as stopped.
    s = os.path.join(tmp, "plan3.json")
    write(s, plan([("held", "2024-03-01", "true")],
                  alert={"on": "always", "command": ["sh", "-c", f"echo list ${{status}} >> {out}"]}))
    bfc("freeze", s, "held@2024-03-01", check=0)
    r = bfc("run", s, check=1)
    with open(out) as f:
        expect(f.read().splitlines()[-1] == "list stopped", "incomplete run alerts as stopped")


def case_progress_plain(tmp):
    p = os.path.join(tmp, "plan.json")
    write(p, plan([("a", "2024-03-01", "sleep 1.2"), ("b", "2024-03-01", "sleep 1.2", {"deps": ["a@2024-03-01"]})]))
    r = bfc("run", p, "--progress-interval", "0.4", check=0)
    lines = [l for l in r.stderr.splitlines() if " done · " in l and "elapsed" in l]
    expect(len(lines) >= 3, f"periodic progress lines:\n{r.stderr}")
    expect(all(l.startswith("bfc: ") for l in lines), r.stderr)
    expect("\r" not in r.stderr and "\033" not in r.stderr, "no terminal control characters when not a terminal")
    expect(any(l.startswith("bfc: 1/2 done · 1 running") and "ETA" in l for l in lines), r.stderr)


def case_progress_tty(tmp):
    import pty
    p = os.path.join(tmp, "plan.json")
    write(p, plan([("a", "2024-03-01", "sleep 0.8"), ("b", "2024-03-01", "sleep 1.2", {"deps": ["a@2024-03-01"]})]))
    master, slave = pty.openpty()
    runner = subprocess.Popen([BFC, "run", p], stdin=subprocess.DEVNULL, stdout=slave, stderr=slave)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the runner closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    expect(runner.wait(20) == 0, out)
    text = out.decode()
    expect("\r\033[K[bfc] 0/2 done · " in text, repr(text))
    expect("\r\033[K[bfc] 1/2 done · 1 running" in text, repr(text))
    expect("e2e: succeeded" in text, repr(text))
    # The live line is cleared before the summary, so the summary starts a clean line.
    expect(text[:text.index("bfc: e2e: succeeded")].endswith("\r\033[K"), repr(text[-300:]))


def case_state_wal(tmp):
    p = os.path.join(tmp, "plan.json")
    write(p, plan([("a", "2024-03-01", "true")]))
    bfc("run", p, check=0)
    expect(db(p).execute("PRAGMA journal_mode").fetchone()[0] == "wal", "WAL mode")
    con = db(p)
    sha = dict(con.execute("SELECT key, value FROM meta"))["plan_sha256"]
    import hashlib
    with open(p, "rb") as f:
        expect(sha == hashlib.sha256(f.read()).hexdigest(), "the state names the plan by its SHA-256")


def case_orphaned_running(tmp):
    p = os.path.join(tmp, "plan.json")
    write(p, plan([("a", "2024-03-01", "sleep ${SLEEP:-30}"), ("b", "2024-03-02", "true")],
                  groups=[{"id": 0, "dates": ["2024-03-01", "2024-03-02"]}]))
    runner = subprocess.Popen([BFC, "run", p], stderr=subprocess.DEVNULL)
    wait_for(lambda: statuses(p).get("a@2024-03-01") == "running", "a running")
    runner.send_signal(signal.SIGKILL)
    runner.wait()
    text = bfc("status", p, check=0).stdout
    expect("runner: none active" in text and "note: 1 instance is marked running, but no runner is active" in text,
           text)
    expect(status(p)["orphaned_running"] == 1, "json says so too")
    r = bfc("run", p, env={"SLEEP": "0"}, check=0)
    expect("a@2024-03-01 attempt 1:" in r.stderr, r.stderr)
    expect(status(p)["orphaned_running"] == 0 and "note:" not in bfc("status", p, check=0).stdout, "no note after")
    rows = db(p).execute("SELECT attempt, outcome FROM attempts WHERE instance='a@2024-03-01' ORDER BY attempt")
    expect(rows.fetchall() == [(1, "abandoned"), (2, "succeeded")], "the abandoned attempt is closed, a new one ran")


def case_window_wait(tmp):
    # A window that opens two hours from now (local time): the runner starts nothing, says
    # until when it waits, and stops cleanly on SIGINT.
    now = time.localtime()
    start_min = (now.tm_hour * 60 + now.tm_min + 120) % 1440
    end_min = (start_min + 60) % 1440
    hhmm = lambda m: f"{m // 60:02}:{m % 60:02}"
    p = os.path.join(tmp, "plan.json")
    marker = os.path.join(tmp, "ran")
    write(p, plan([("a", "2024-03-01", f"touch {marker}")], window={"start": hhmm(start_min), "end": hhmm(end_min)}))
    runner = subprocess.Popen([BFC, "run", p], stderr=subprocess.PIPE, text=True)
    lines = []
    deadline = time.time() + 10
    while time.time() < deadline:
        line = runner.stderr.readline()
        lines.append(line)
        if "outside the window" in line:
            break
    runner.send_signal(signal.SIGINT)
    rest = runner.communicate(timeout=20)[1]
    text = "".join(lines) + rest
    expect(f"outside the window {hhmm(start_min)}..{hhmm(end_min)}; waiting until " in text, text)
    expect(f" {hhmm(start_min)}" in text.split("waiting until ")[1].splitlines()[0], text)
    expect(runner.returncode == 1, f"exit {runner.returncode}")
    expect(not os.path.exists(marker) and statuses(p)["a@2024-03-01"] == "waiting", "nothing ran outside the window")


def case_future_wait(tmp):
    # run_future: compiled with --today the day before a date whose data time (the next local
    # midnight) is ~3 s away. TZ with a seconds offset puts the runner's local clock at
    # 23:59:57, so the real clock can be used without waiting for a real midnight. The
    # instance of today runs at once; the future one waits and says until when.
    t0 = time.time() + 1  # compile and start-up
    off = (int(t0) - 86397) % 86400  # local = UTC - off is 23:59:57 at t0
    tz = f"BFC+{off // 3600:02}:{off // 60 % 60:02}:{off % 60:02}"
    day = datetime.date(*time.gmtime(int(t0) - off)[:3])
    midnight = int(t0) - (int(t0) - off) % 86400 + 86400  # the next local midnight, epoch s
    src = os.path.join(tmp, "future.bf")
    starts = os.path.join(tmp, "starts")
    with open(src, "w") as f:
        f.write(f"""task a {{ command = "echo ${{bizdate}} $(date +%s.%N) >> {starts}"; }}
backfill b {{ select = [a]; dates = {day - datetime.timedelta(days=1)}..{day}; parallel = 2; run_future = true; }}
""")
    p = os.path.join(tmp, "plan.json")
    bfc("compile", "--today", str(day - datetime.timedelta(days=1)), "-o", p, src, check=0)
    with open(p) as f:
        doc = json.load(f)
    not_before = {i["id"]: i.get("not_before") for i in doc["instances"]}
    expect(not_before == {f"a@{day - datetime.timedelta(days=1)}": None,
                          f"a@{day}": f"{day + datetime.timedelta(days=1)}T00:00"}, not_before)
    r = bfc("run", p, env={"TZ": tz}, check=0)
    with open(starts) as f:
        rows = dict(l.split() for l in f.read().splitlines())
    today_start = float(rows[(day - datetime.timedelta(days=1)).strftime("%Y%m%d")])
    future_start = float(rows[day.strftime("%Y%m%d")])
    expect(today_start < midnight - 0.5, f"today's instance ran at once: {today_start} vs {midnight}")
    expect(midnight <= future_start < midnight + 5, f"the future instance started at {future_start}, not after {midnight}")
    expect(f"waiting until {day + datetime.timedelta(days=1)} 00:00 for future-dated instances (run_future)" in r.stderr, r.stderr)


def case_order_and_throttle(tmp):
    # max_running 1 and throttle 1 s: starts in priority order (plan order among equals), at
    # least a second apart.
    p = os.path.join(tmp, "plan.json")
    starts = os.path.join(tmp, "starts")
    cmd = f"echo $BF_TASK $(date +%s.%N) >> {starts}"
    write(p, plan([("low", "2024-03-01", cmd, {"priority": 1}), ("high", "2024-03-01", cmd, {"priority": 8}),
                   ("mid1", "2024-03-01", cmd), ("mid2", "2024-03-01", cmd)], max_running=1, throttle_s=1))
    bfc("run", p, check=0)
    with open(starts) as f:
        rows = [l.split() for l in f.read().splitlines()]
    expect([r[0] for r in rows] == ["high", "mid1", "mid2", "low"], rows)
    gaps = [float(b[1]) - float(a[1]) for a, b in zip(rows, rows[1:])]
    expect(all(g >= 0.8 for g in gaps), f"gaps between starts: {gaps}")  # 1 s, less start-up jitter


def case_max_running(tmp):
    # Eight 0.6 s commands with max_running 3: a per-instance lock directory counts how many
    # run at once; never more than 3, and 3 at some point.
    p = os.path.join(tmp, "plan.json")
    live = os.path.join(tmp, "live")
    os.mkdir(live)
    cmd = f"touch {live}/$BF_TASK; ls {live} | wc -l >> {tmp}/counts; sleep 0.6; rm {live}/$BF_TASK"
    write(p, plan([(f"t{i}", "2024-03-01", cmd) for i in range(8)], max_running=3))
    bfc("run", p, check=0)
    with open(os.path.join(tmp, "counts")) as f:
        counts = [int(x) for x in f.read().split()]
    expect(len(counts) == 8 and max(counts) == 3, counts)
    bfc("rerun", p, *[f"t{i}@2024-03-01" for i in range(8)], check=0)
    os.remove(os.path.join(tmp, "counts"))
    bfc("run", p, "--max-running", "1", check=0)
    with open(os.path.join(tmp, "counts")) as f:
        counts = [int(x) for x in f.read().split()]
    expect(counts == [1] * 8, f"--max-running 1 overrides the plan: {counts}")


def case_bad_paths(tmp):
    p = os.path.join(tmp, "plan.json")
    write(p, plan([("a", "2024-03-01", "true")]))
    os.mkdir(os.path.join(tmp, "dir.json"))
    r = bfc("run", os.path.join(tmp, "dir.json"), check=2)
    expect("cannot read plan: it is a directory" in r.stderr, r.stderr)
    junk = os.path.join(tmp, "junk.db")
    with open(junk, "wb") as f:
        f.write(bytes(range(256)) * 20)
    for cmd in (["run", p, "--state", junk], ["status", p, "--state", junk], ["rerun", p, "a@2024-03-01", "--state", junk]):
        r = bfc(*cmd, check=2)
        expect(f"state database {junk}: file is not a database (not a bfc state file" in r.stderr, r.stderr)
    with open(junk, "rb") as f:
        expect(f.read() == bytes(range(256)) * 20, "a foreign file is left as it was")
    r = bfc("run", p, "--state", os.path.join(tmp, "no", "such", "state.db"), check=2)
    expect("No such file or directory" in r.stderr, r.stderr)
    expect(not os.path.exists(p + ".state.db"), "no default state was created instead")


def case_orphaned_operator(tmp):
    # The runner dies while `a` runs; a background process of `a` outlives it (PDEATHSIG only
    # reaches the main process). An operator command with no runner active kills that
    # leftover and closes the attempt before it applies its change.
    p = os.path.join(tmp, "plan.json")
    write(p, plan([("a", "2024-03-01", "sleep 31.5 & sleep 31.5; wait"), ("b", "2024-03-01", "true",
                   {"deps": ["a@2024-03-01"]})]))
    runner = subprocess.Popen([BFC, "run", p], stderr=subprocess.DEVNULL)
    wait_for(lambda: statuses(p).get("a@2024-03-01") == "running", "a running")
    wait_for(lambda: len(subprocess.run(["pgrep", "-f", "^sleep 31.5"], capture_output=True).stdout.split()) == 2,
             "both sleeps")
    runner.send_signal(signal.SIGKILL)
    runner.wait()
    wait_for(lambda: len(subprocess.run(["pgrep", "-f", "^sleep 31.5"], capture_output=True).stdout.split()) >= 1,
             "a leftover")
    r = bfc("freeze", p, "b@2024-03-01", check=0)
    expect("a@2024-03-01 attempt 1: killed the processes left by a dead runner" in r.stderr, r.stderr)
    expect("1 instance(s) left running by a dead runner are waiting again" in r.stderr, r.stderr)
    expect("1 instance of b frozen by " in r.stdout and ": b@2024-03-01" in r.stdout, r.stdout)
    left = subprocess.run(["pgrep", "-f", "^sleep 31.5"], capture_output=True, text=True).stdout.split()
    expect(not left, f"leftovers still running: {left}")
    expect(statuses(p) == {"a@2024-03-01": "waiting", "b@2024-03-01": "frozen"}, statuses(p))
    rows = db(p).execute("SELECT attempt, outcome FROM attempts").fetchall()
    expect(rows == [(1, "abandoned")], rows)
    r = bfc("unfreeze", p, "b@2024-03-01", check=0)
    expect("dead runner" not in r.stderr, "nothing to recover the second time: " + r.stderr)


def logs_bytes(p, inst, *extra):
    r = subprocess.run([BFC, "logs", p, inst, *extra], capture_output=True, timeout=60)
    expect(r.returncode == 0, f"bfc logs {inst}: exit {r.returncode} {r.stderr!r}")
    return r.stdout


def case_logs_exact(tmp):
    """The log store keeps output exactly: binary, large, without a trailing newline, stdout
    and stderr together; a few segment files, not one per attempt."""
    p = os.path.join(tmp, "plan.json")
    # The failures run on days of their own (a failure stops the rest of its day).
    write(p, plan([
        ("binary", "2024-03-01", f"head -c 300000 /dev/urandom | tee {tmp}/binary.out", {}),
        ("large", "2024-03-01", "head -c 30000000 /dev/zero | tr '\\0' x; printf end", {}),
        ("nonl", "2024-03-01", "printf 'a\\nb'", {}),
        ("again", "2024-03-02", "printf 'again %s' $BF_ATTEMPT; exit 1", {"retries": 2}),
        ("both", "2024-03-03", "echo out; echo err >&2; exit 4", {}),
    ], groups=[{"id": 0, "dates": ["2024-03-01", "2024-03-02"]}, {"id": 1, "dates": ["2024-03-03"]}]))
    bfc("run", p, check=1)
    with open(os.path.join(tmp, "binary.out"), "rb") as f:
        expect(logs_bytes(p, "binary@2024-03-01") == f.read(), "binary output kept exactly")
    large = logs_bytes(p, "large@2024-03-01")
    expect(len(large) == 30000003 and large.endswith(b"xxend"), f"large output: {len(large)} bytes")
    expect(logs_bytes(p, "nonl@2024-03-01") == b"a\nb", "no trailing newline")
    expect(logs_bytes(p, "both@2024-03-03") == b"out\nerr\n", "stdout and stderr")
    expect(logs_bytes(p, "again@2024-03-02") == b"again 3", "the latest attempt by default")
    expect(logs_bytes(p, "again@2024-03-02", "--attempt", "1") == b"again 1", "--attempt")
    segments = os.listdir(p + ".logs")
    expect(0 < len(segments) <= 2, f"segments {segments}")
    text = bfc("status", p, check=None).stdout
    expect("| err" in text and "bfc logs" in text, text)  # a failure's last lines, from the store
    r = bfc("logs", p, "nope@2024-03-01", check=1)
    expect("no attempt" in r.stderr, r.stderr)


def case_logs_follow(tmp):
    """--follow prints a running attempt's output as it comes and ends with the attempt."""
    p = os.path.join(tmp, "plan.json")
    write(p, plan([("slow", "2024-03-01", "echo first; sleep 2; echo second", {})]))
    runner = subprocess.Popen([BFC, "run", p], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: db(p).execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 1
                 if os.path.exists(p + ".state.db") else False, "the attempt to be recorded")
        t0 = time.time()
        f = subprocess.Popen([BFC, "logs", p, "slow@2024-03-01", "--follow"], stdout=subprocess.PIPE)
        first = f.stdout.readline()
        expect(first == b"first\n" and time.time() - t0 < 1.5, f"first line {first!r} after {time.time() - t0:.2f}s")
        rest = f.stdout.read()
        expect(f.wait(timeout=10) == 0 and rest == b"second\n", f"rest {rest!r}")
        expect(time.time() - t0 > 1.0, "--follow waited for the attempt")
    finally:
        runner.wait(timeout=30)


def case_logs_prune(tmp):
    """--prune frees succeeded attempts' logs and keeps failed ones."""
    p = os.path.join(tmp, "plan.json")
    write(p, plan([(f"ok{k}", "2024-03-01", "head -c 1000000 /dev/zero | tr '\\0' y", {}) for k in range(4)]
                  + [("bad", "2024-03-02", "echo broken; exit 2", {})],  # its own group: nothing killed
                  groups=[{"id": 0, "dates": ["2024-03-01"]}, {"id": 1, "dates": ["2024-03-02"]}]))
    bfc("run", p, check=1)
    blocks = lambda: sum(os.stat(os.path.join(p + ".logs", f)).st_blocks for f in os.listdir(p + ".logs"))
    before = blocks()
    r = bfc("logs", p, "--prune", check=0)
    expect("pruned the logs of 4 succeeded attempts" in r.stderr, r.stderr)
    expect(blocks() < before - 4 * 1000000 // 512 // 2, f"blocks {before} -> {blocks()}")
    r = bfc("logs", p, "ok0@2024-03-01", check=0)
    expect("pruned" in r.stderr, r.stderr)
    expect(logs_bytes(p, "bad@2024-03-02") == b"broken\n", "a failed attempt's log is kept")
    actions = [a for (a,) in db(p).execute("SELECT action FROM audit")]
    expect("prune-logs" in actions, actions)
def case_operator_select(tmp):
    # Selectors: globs, --task, --dates, --status and their intersection; --dry-run changes
    # nothing; empty selections and bad arguments are errors; the audit log stays bounded.
    p = os.path.join(tmp, "plan.json")
    days = [f"2024-03-{d:02d}" for d in range(1, 31)]
    write(p, plan([(t, d, "true") for d in days for t in ("events_daily", "events_hourly", "report")]))
    bfc("run", p, check=0)
    before = statuses(p)
    r = bfc("rerun", p, "events_*@2024-03-0[1-2]", "--dry-run", check=0)
    lines = r.stdout.splitlines()
    expect(lines[:-1] == ["events_daily@2024-03-01", "events_hourly@2024-03-01",
                          "events_daily@2024-03-02", "events_hourly@2024-03-02"], r.stdout)
    expect(lines[-1] == "bfc rerun --dry-run: 4 instances (events_daily 2, events_hourly 2) would be set to "
           "waiting; nothing was queued or changed", r.stdout)
    expect(statuses(p) == before, "--dry-run changes nothing")
    expect(db(p).execute("SELECT COUNT(*) FROM requests").fetchone()[0] == 0, "--dry-run queues nothing")
    # --task x --dates (a range and a day): an intersection.
    r = bfc("freeze", p, "--task", "report", "--dates", "2024-03-05..2024-03-07,2024-03-20", check=0)
    # (freeze only holds waiting or failed instances: the four selected succeeded)
    expect(r.stdout.startswith("bfc freeze: 0 instances frozen by "), r.stdout)
    expect("left unchanged: report@2024-03-05 (succeeded), report@2024-03-06 (succeeded), report@2024-03-07 "
           "(succeeded), report@2024-03-20 (succeeded)" in r.stdout, r.stdout)
    r = bfc("rerun", p, "*", "--task", "report", "--task", "events_hourly", "--dates", "2024-03-05..2024-03-07",
            check=0)
    expect(r.stdout.startswith("bfc rerun: 6 instances (events_hourly 3, report 3) set to waiting by "), r.stdout)
    s = statuses(p)
    expect([i for i, v in s.items() if v == "waiting"] ==
           [f"{t}@2024-03-0{d}" for d in (5, 6, 7) for t in ("events_hourly", "report")], s)
    # --status works on the state: freeze the waiting reports only.
    r = bfc("freeze", p, "--status", "waiting", "--task", "report", check=0)
    expect("3 instances of report frozen by " in r.stdout, r.stdout)
    r = bfc("unfreeze", p, "report@*", "--status", "frozen,failed", "--dates", "2024-03-06", check=0)
    expect("1 instance of report unfrozen by " in r.stdout and ": report@2024-03-06" in r.stdout, r.stdout)
    # Errors: nothing matches (exit 1, saying what each selector matched), unknown task,
    # bad range and no selector at all (exit 2).
    r = bfc("rerun", p, "--task", "report", "--status", "failed", check=1)
    expect("--status failed matches no instance (by the state's current statuses)" in r.stderr, r.stderr)
    r = bfc("rerun", p, "--task", "report", "--status", "frozen", "--dates", "2024-03-01", check=1)
    expect("no instance matches all the selectors (--task report matches 30 instances; --dates 2024-03-01 "
           "matches 3 instances; --status frozen matches 2 instances)" in r.stderr, r.stderr)
    r = bfc("rerun", p, "nothing_*", check=1)
    expect("'nothing_*' matches no instance id of the plan" in r.stderr, r.stderr)
    r = bfc("rerun", p, "--task", "reprot", check=1)
    expect("--task reprot matches no task of the plan" in r.stderr, r.stderr)
    r = bfc("rerun", p, "--dates", "2024-03-09..2024-03-01", check=2)
    expect("--dates 2024-03-09..2024-03-01: the range `2024-03-09..2024-03-01` ends before it starts" in r.stderr,
           r.stderr)
    r = bfc("rerun", p, "--dates", "2024-03", check=2)
    expect("`2024-03` is not a date or a range" in r.stderr, r.stderr)
    bfc("rerun", p, "--status", "done", check=2)
    bfc("rerun", p, check=2)
    after = statuses(p)
    # A bulk request: the audit log keeps the count, the first ids and the selectors.
    r = bfc("rerun", p, "--task", "events_daily", check=0)
    expect("30 instances of events_daily set to waiting by " in r.stdout, r.stdout)
    expect("@" not in r.stdout.split(" by ", 1)[1], "many ids are not listed: " + r.stdout)
    detail = json.loads(db(p).execute("SELECT detail FROM audit WHERE action='rerun' ORDER BY seq DESC").fetchone()[0])
    expect(detail["count"] == 30 and detail["selector"] == "--task events_daily" and "instances" not in detail
           and len(detail["instances_first"]) == 20, detail)
    changed = sorted(i for i, v in statuses(p).items() if v != after[i])
    expect(changed == sorted(f"events_daily@{d}" for d in days), changed)


def case_operator_select_live(tmp):
    # A rerun by selector while a runner runs: the runner applies it and prints what it did.
    p = os.path.join(tmp, "plan.json")
    write(p, plan([("a", "2024-03-01", "true"), ("a", "2024-03-02", "true"), ("b", "2024-03-01", "true"),
                   ("long", "2024-03-01", "sleep 4")], max_running=4))
    runner = subprocess.Popen([BFC, "run", p], stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: statuses(p).get("a@2024-03-01") == "succeeded"
                 and statuses(p).get("long@2024-03-01") == "running", "a done, long running")
        r = bfc("rerun", p, "a@*", "b@*", "--dates", "2024-03-01", check=0)
        expect(r.stdout.startswith("bfc rerun: 2 instances (a 1, b 1) set to waiting by ")
               and r.stdout.rstrip().endswith("(applied by the active runner)"), r.stdout)
        runner.wait(30)
        err = runner.stderr.read()
        expect(runner.returncode == 0, err)
        expect("bfc: rerun: 2 instances (a 1, b 1) set to waiting by " in err, err)
    finally:
        if runner.poll() is None:
            runner.kill()
    n = db(p).execute("SELECT COUNT(*) FROM attempts WHERE instance='a@2024-03-01'").fetchone()[0]
    expect(n == 2, f"a@2024-03-01 ran again: {n} attempts")
def case_status_grouped(tmp):
    # One instance fails early on a day of group 0: the rest of its day fails without running,
    # a dependent in group 1 and the rest of its day follow, and both groups stop.
    p = os.path.join(tmp, "plan.json")
    g0, g1 = [f"2024-03-{d:02}" for d in range(1, 7)], [f"2024-03-{d:02}" for d in range(7, 13)]
    tasks = ["first"] + [f"t{k}" for k in range(1, 10)]
    insts = []
    for date in g0 + g1:
        for t in tasks:
            extra = {}
            if t == "first":
                extra["priority"] = 8  # with max_running 1, it runs before the rest of its day
                cmd = f"test {date} != 2024-03-02 || {{ echo 'loading {date}'; echo boom; exit 1; }}"
                if date == "2024-03-07":
                    extra["deps"] = ["first@2024-03-02"]
            else:
                cmd = "true"
                if date == "2024-03-07":
                    extra["deps"] = ["first@2024-03-07"]
            insts.append((t, date, cmd, extra))
    write(p, plan(insts, groups=[{"id": 0, "dates": g0}, {"id": 1, "dates": g1}], max_running=1))
    bfc("run", p, check=1)
    text = bfc("status", p, "--tail", "1", check=0).stdout
    failures = text[text.index("\nfailed ("):]
    expected = (
        "\nfailed (20): 1 root cause, 19 failed without running because of it\n"
        "  first@2024-03-02: attempt 1 failed (exit code 1)\n"
        f"    log: bfc logs {p} first@2024-03-02\n"
        "    | boom\n"
        "    and 19 more failed without running because of it: 9 of 2024-03-02 (group 0), "
        "10 of 2024-03-07 (group 1)\n"
        "\n"
        "stopped groups (2):\n"
        "  group 0 stopped on 2024-03-02 by first@2024-03-02: 4 days (40 instances) not run\n"
        "  group 1 stopped on 2024-03-07 by first@2024-03-02: 5 days (50 instances) not run\n")
    expect(failures == expected, failures)
    s = status(p)
    f = s["failures"]
    expect(f["failed"] == 20 and f["propagated"] == 19, f)
    expect([r["id"] for r in f["root_causes"]] == ["first@2024-03-02"], f)
    expect(f["root_causes"][0]["consequences_by_day"] == [
        {"group": 0, "day": "2024-03-02", "count": 9}, {"group": 1, "day": "2024-03-07", "count": 10}], f)
    expect(f["stopped_groups"] == [
        {"group": 0, "day": "2024-03-02", "cause": "first@2024-03-02", "not_run": 40, "not_run_days": 4},
        {"group": 1, "day": "2024-03-07", "cause": "first@2024-03-02", "not_run": 50, "not_run_days": 5}], f)
    by_id = {i["id"]: i for i in s["instances"]}
    expect(by_id["t1@2024-03-02"]["reason"].startswith("day 2024-03-02 of group 0 failed"), by_id["t1@2024-03-02"])
    expect(by_id["t1@2024-03-07"]["reason"] == "dependency first@2024-03-07 failed", by_id["t1@2024-03-07"])
    causes = [i.get("cause") for i in s["instances"] if i.get("fail_kind") == "propagated"]
    expect(causes == ["first@2024-03-02"] * 19, causes)
    expect("log_tail" in by_id["first@2024-03-02"], "the root cause's log tail stays in the JSON")
    # A state made before the runner recorded the groups: status reads them from the plan.
    with db(p) as c:
        c.execute("DELETE FROM meta WHERE key='groups'")
    expect(status(p) == s, "the same report without the recorded groups")
    expect(bfc("status", p, "--tail", "1", check=0).stdout == text, "the same text")


def case_plan_cache(tmp):
    """A resume reads the plan from the binary cache beside the state; a rewritten plan file
    is never taken from a stale cache, and a damaged cache only means a full load."""
    p = os.path.join(tmp, "plan.json")
    write(p, plan([("a", "2024-03-01", "echo one", {}), ("b", "2024-03-01", "echo two", {})]))
    bfc("run", p, check=0)
    cache = p + ".state.db.plan"
    expect(os.path.exists(cache), "the cache is written")
    bfc("run", p, check=0)  # from the cache: nothing to do
    n = db(p).execute("SELECT COUNT(*) FROM attempts").fetchone()[0]
    expect(n == 2, f"{n} attempts after the resume")
    # The same file name, other content: the state refuses it (the cache is not used).
    write(p, plan([("a", "2024-03-01", "echo ONE", {}), ("b", "2024-03-01", "echo two", {})]))
    r = bfc("run", p, check=2)
    expect("belongs to a different plan" in r.stderr, r.stderr)
    r = bfc("run", p, "--amend", check=0)
    expect("amend: keep 1 instances" in r.stderr, r.stderr)
    with open(cache, "r+b") as f:  # damage
        f.seek(100)
        f.write(b"\xff\xff\xff")
    r = bfc("run", p, check=0)
    expect("succeeded" in r.stderr, r.stderr)


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}


def main():
    global BFC
    if len(sys.argv) != 3 or sys.argv[2] not in CASES:
        print(f"usage: {sys.argv[0]} BFC {{{','.join(CASES)}}}", file=sys.stderr)
        return 2
    BFC = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="bfc_e2e_")
    try:
        CASES[sys.argv[2]](tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
