#!/usr/bin/python3
"""Write random (seeded) .bf files for the Argo export test.

    random_plans.py OUTDIR COUNT [--seed S] [--bfc BFC] [--today 2024-06-01]

Each file has daily, hourly and weekly(mon) tasks with `after` dependencies (some with a
`[-1d]` offset), several groups (parallel = 2..4), ascending or descending order, excluded
tasks in the middle of the graph (dry runs), retries / retry_delay / timeout, max_running,
and commands (strings and lists) full of text that Argo or the kubelet would rewrite:
`{{ }}`, `{{=expr}}`, quotes, `$HOME`, `$(id)`, `$$`, backslashes, newlines, tabs, non-ASCII.

With --bfc, every file is compiled (`BFC compile F.bf --today T -o F.plan.json`); files that
do not compile are deleted and counted. Prints one line per kept file and a summary; exits 1
if fewer than 80% compiled (the generator would be broken).
"""

import argparse
import os
import random
import subprocess
import sys

HOSTILE = [
    "{{ ds }}", "{{=1+1}}", "{{inputs.parameters.x}}", "}}", "{{{", "{{", "{ {", "{}",
    "'", '"', "it's", 'say "hi"', "$HOME", "$(id)", "$$", "$(BF_TASK)", "$(BF_COMMAND_0)",
    "${HOME}", "\\", "back\\slash", "\n", "\t", "é", "漢字", "🎉", "%s", "&&", ";", "|", "*",
    "`date`", "#", "~", "$1", "$@", " ", "  ", "-c", "sh",
]


def bf_string(s):
    """s as a .bf string literal (docs/language.md: escapes \\" \\\\ \\n \\t \\r \\$)."""
    out = []
    for ch in s:
        out.append({'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "$": "\\$"}.get(ch, ch))
    return '"' + "".join(out) + '"'


def hostile_text(rng, n):
    return "".join(rng.choice(HOSTILE) + rng.choice(["", " ", "x"]) for _ in range(n))


def command(rng, name):
    kind = rng.random()
    if kind < 0.45:  # a shell string
        body = "printf '%s\\n' " + bf_string("echo " + hostile_text(rng, rng.randint(1, 6)))[1:-1]
        return '"' + body + ' ${bizdate}"'
    if kind < 0.85:  # an argument list
        args = ["printf", "%s|"] + [hostile_text(rng, rng.randint(0, 4)) for _ in range(rng.randint(0, 5))]
        return "[" + ", ".join(bf_string(a) for a in args) + ', "${bizdate}"]'
    return f'"echo {name} ${{bizdate}}"'  # plain


def make_plan(rng, idx):
    n = rng.randint(3, 8)
    tasks = []
    for k in range(n):
        cyc = rng.choice(["daily", "daily", "daily", "hourly", "weekly(mon)"])
        tasks.append({"name": f"t{k}_{cyc.split('(')[0]}", "cycle": cyc})
    order = rng.choice(["ascending", "descending"])
    lines = [f"# random plan {idx} (tests/argo/random_plans.py)"]
    for k, t in enumerate(tasks):
        after = []
        for j in range(k):
            if rng.random() < 0.4:
                up = tasks[j]
                # Only weekly tasks read weekly ones (a daily reading its own week is a loop).
                if up["cycle"].startswith("weekly") and not t["cycle"].startswith("weekly"):
                    continue
                after.append(up["name"])
        if order == "ascending" and t["cycle"] == "daily" and rng.random() < 0.3:
            after.append(f"{t['name']}[-1d]")
        body = [f"  cycle = {t['cycle']};"]
        if after:
            body.append(f"  after = [{', '.join(after)}];")
        if rng.random() < 0.5:
            body.append(f"  retries = {rng.randint(0, 3)};")
            body.append(f"  retry_delay = {rng.choice(['10s', '1m', '90s', '2m30s'])};")
        if rng.random() < 0.5:
            body.append(f"  timeout = {rng.choice(['30s', '10m', '1h', '2h30m'])};")
        if rng.random() < 0.3:
            body.append(f"  priority = {rng.choice([1, 3, 5, 7, 8])};")
        body.append(f"  command = {command(rng, t['name'])};")
        lines.append(f"task {t['name']} {{\n" + "\n".join(body) + "\n}")
    names = [t["name"] for t in tasks]
    excluded = [x for x in names[1:-1] if rng.random() < 0.3]
    start_day = rng.randint(1, 20)
    days = rng.randint(4, 12)
    settings = [
        f"  select = [{', '.join(names)}];",
        f"  dates = 2024-04-{start_day:02d}..2024-04-{start_day + days - 1:02d};",
        f"  parallel = {rng.randint(2, 4)};",
        f"  order = {order};",
    ]
    if excluded:
        settings.append(f"  exclude = [{', '.join(excluded)}];")
    if rng.random() < 0.6:
        settings.append(f"  max_running = {rng.randint(1, 8)};")
    lines.append(f"backfill random_{idx} {{\n" + "\n".join(settings) + "\n}")
    return "\n\n".join(lines) + "\n"


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("count", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bfc")
    ap.add_argument("--today", default="2024-06-01")
    a = ap.parse_args(argv)
    os.makedirs(a.outdir, exist_ok=True)
    rng = random.Random(a.seed)
    kept = dropped = 0
    for idx in range(a.count):
        path = os.path.join(a.outdir, f"random_{a.seed}_{idx}.bf")
        with open(path, "w", encoding="utf-8") as f:
            f.write(make_plan(rng, idx))
        if not a.bfc:
            print(path)
            kept += 1
            continue
        out = path[:-3] + ".plan.json"
        r = subprocess.run([a.bfc, "compile", path, "--today", a.today, "-o", out],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if r.returncode != 0:
            dropped += 1
            err = [l for l in r.stderr.decode("utf-8", "replace").splitlines() if "error" in l][:2]
            print(f"dropped {path}: bfc compile exit {r.returncode}: {' | '.join(err)}", file=sys.stderr)
            os.remove(path)
            if os.path.exists(out):
                os.remove(out)
            continue
        kept += 1
        print(out)
    print(f"random_plans: {kept} kept, {dropped} dropped (seed {a.seed})", file=sys.stderr)
    return 1 if kept < 0.8 * a.count else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
