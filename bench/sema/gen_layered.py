#!/usr/bin/env python3
"""Generates a layered DAG plan: N tasks (~3 upstream deps each from the previous layers),
one backfill over D daily dates. Optionally a share of hourly tasks (--hourly K)."""
import argparse, random

ap = argparse.ArgumentParser()
ap.add_argument("--tasks", type=int, default=2000)
ap.add_argument("--days", type=int, default=365)
ap.add_argument("--layer", type=int, default=50, help="tasks per layer")
ap.add_argument("--hourly", type=int, default=0, help="how many first-layer tasks are hourly")
ap.add_argument("--seed", type=int, default=7)
a = ap.parse_args()
random.seed(a.seed)
print('param dt = fmt(bizdate, "%Y-%m-%d");\n')
for i in range(a.tasks):
    layer = i // a.layer
    deps = []
    if layer > 0:
        lo = max(0, (layer - 3) * a.layer)
        deps = sorted(set(random.randrange(lo, layer * a.layer) for _ in range(3)))
    cyc = "hourly" if i < a.hourly else "daily"
    after = f"  after = [{', '.join(f't{d}' for d in deps)}];\n" if deps else ""
    cmd = "load --hour '${interval_start}'" if cyc == "hourly" else "INSERT OVERWRITE TABLE t%d PARTITION (dt='${dt}') SELECT 1" % i
    print(f"task t{i} {{\n  cycle = {cyc};\n{after}  command = \"{cmd}\";\n  priority = {random.choice([1,3,5,7,8])};\n}}\n")
import datetime
start = datetime.date(2023, 1, 1)
end = start + datetime.timedelta(days=a.days - 1)
roots = ", ".join(f"t{i}" for i in range(min(a.layer, a.tasks)))
print(f"backfill big {{\n  select = downstream({roots});\n  dates = {start}..{end};\n  parallel = 4;\n"
      f"  limits {{ instances = 5000000; roots = 1000; tasks = 100000; }}\n}}")
