#!/usr/bin/env bash
# Sets up what the build needs, builds bfc (build/cli/bfc, nothing else), and runs the main job on examples/quickstart.bf:
# check, plan, compile, render, run (real processes, SQLite state), status.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
BFC=$PWD/build/cli/bfc
OUT=$PWD/out/demo
rm -rf "$OUT" && mkdir -p "$OUT"
cp examples/quickstart.bf "$OUT/"
cd "$OUT"
TODAY=2024-04-01
set -x
"$BFC" check quickstart.bf --today $TODAY
"$BFC" plan quickstart.bf --backfill rebuild_march --today $TODAY
"$BFC" compile quickstart.bf --backfill rebuild_march --today $TODAY -o plan.json
"$BFC" render quickstart.bf --backfill rebuild_march --today $TODAY -o dag.svg
"$BFC" run plan.json
"$BFC" status plan.json
set +x
echo "demo outputs are in $OUT; bfc itself is $BFC (README: Install)"
