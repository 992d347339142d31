#!/usr/bin/env python3
"""Generate bfc-plan/1 test plans: a layered DAG of tasks repeated over dates.

Each date gets `layers` x `width` instances; every instance past the first layer depends on
`deps` random instances of the previous layer of the same date. Dates are split into
`parallel` contiguous groups (larger first), as the compiler does. Optionally writes a
build.ninja with the same DAG for benchmarking.

  gen_plan.py --layers 100 --width 100 --deps 3 --command true -o plan.json --ninja build.ninja
"""
import argparse
import datetime
import json
import random
import sys


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--layers", type=int, default=3)
    p.add_argument("--width", type=int, default=2)
    p.add_argument("--deps", type=int, default=2)
    p.add_argument("--dates", type=int, default=1)
    p.add_argument("--parallel", type=int, default=1)
    p.add_argument("--command", default="true",
                   help="shell command; {id} {task} {date} are substituted")
    p.add_argument("--argv", action="store_true", help="emit the command as a JSON list (split on blanks)")
    p.add_argument("--retries", type=int, default=0)
    p.add_argument("--retry-delay", type=int, default=0)
    p.add_argument("--timeout", type=int, default=None)
    p.add_argument("--max-running", type=int, default=None)
    p.add_argument("--throttle", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--ninja", help="also write a build.ninja with the same DAG")
    a = p.parse_args()
    rng = random.Random(a.seed)

    start = datetime.date(2024, 3, 1)
    dates = [(start + datetime.timedelta(days=i)).isoformat() for i in range(a.dates)]
    groups, pos = [], 0
    n_groups = min(a.parallel, len(dates))
    for g in range(n_groups):
        size = len(dates) // n_groups + (1 if g < len(dates) % n_groups else 0)
        groups.append({"id": g, "dates": dates[pos:pos + size]})
        pos += size
    group_of = {d: g["id"] for g in groups for d in g["dates"]}

    instances, ninja_edges = [], []
    for date in dates:
        prev = []
        for layer in range(a.layers):
            cur = []
            for k in range(a.width):
                task = f"t{layer:03d}_{k:03d}"
                iid = f"{task}@{date}"
                deps = sorted(rng.sample(prev, min(a.deps, len(prev)))) if prev else []
                text = a.command.format(id=iid, task=task, date=date)
                day_end = (datetime.date.fromisoformat(date) + datetime.timedelta(days=1)).isoformat()
                instances.append({
                    "id": iid, "task": task, "workspace": None,
                    "interval_start": f"{date}T00:00", "interval_end": f"{day_end}T00:00",
                    "bizdate": date, "cyctime": f"{day_end}T00:00",
                    "group": group_of[date], "priority": 5,
                    "mode": "run", "dry_run_reason": None,
                    "command": text.split() if a.argv else text,
                    "retries": a.retries, "retry_delay_s": a.retry_delay, "timeout_s": a.timeout,
                    "deps": deps, "external_deps": [],
                })
                ninja_edges.append((iid, deps, text))
                cur.append(iid)
            prev = cur

    order = {d: i for g in groups for i, d in enumerate(g["dates"])}
    instances.sort(key=lambda x: (x["group"], order[x["bizdate"]], x["id"]))
    plan = {
        "format": "bfc-plan/1", "backfill": "generated", "today": dates[-1], "initiator": None,
        "sources": [],
        "settings": {"parallel": a.parallel, "order": "ascending", "throttle_s": a.throttle,
                     "max_running": a.max_running, "window": None, "alert": None, "run_future": True},
        "groups": groups, "external_deps": [], "instances": instances,
    }
    with open(a.output, "w") as f:
        json.dump(plan, f, indent=1)
        f.write("\n")
    if a.ninja:
        def out(i):
            return "out/" + i.replace("@", "_")
        with open(a.ninja, "w") as f:
            f.write("rule r\n  command = $cmd\n\n")
            for iid, deps, text in ninja_edges:
                dep = (" | " + " ".join(out(d) for d in deps)) if deps else ""
                f.write(f"build {out(iid)}: r{dep}\n  cmd = {text}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
