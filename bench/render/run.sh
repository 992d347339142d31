#!/usr/bin/env bash
# Render benchmark: times `bfc render` (in-process gvc: layout + SVG) on generated layered
# DAGs and on instance views, and fails when any case takes more than 10 s.
# usage: bench/render/run.sh [BFC_BINARY]   (default: build/cli/bfc)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bfc=${1:-$here/../../build/cli/bfc}
limit=10
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

gen() { python3 "$here/gen_layered.py" "$@"; }
gen 100 >"$work/t100.bf"
gen 1000 >"$work/t1000.bf"
gen 2000 >"$work/t2000.bf"
gen 50 --days 30 >"$work/i50.bf"
gen 50 --days 30 --hourly 10 >"$work/i50h.bf"

status=0
printf '%-46s %9s %8s %s\n' case seconds "RSS MB" notes
bench() {
  local name=$1
  shift
  local start end secs rss log=$work/log
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/rss" "$bfc" render --today 2024-06-01 "$@" >"$log" 2>&1 || true
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc)
  rss=$(($(tail -1 "$work/rss") / 1024))
  local notes=""
  grep -q 'W0007' "$log" && notes="collapsed (W0007)"
  grep -q 'error\[' "$log" && notes="$notes errors: $(grep -o 'error\[E[0-9]*\]' "$log" | sort -u | tr '\n' ' ')"
  printf '%-46s %9.2f %8d %s\n' "$name" "$secs" "$rss" "$notes"
  if (($(echo "$secs > $limit" | bc))); then status=1; fi
}
bench "100 tasks, task view" "$work/t100.bf" -o "$work/o.svg"
bench "100 tasks, task view with backfill" "$work/t100.bf" --backfill bench -o "$work/o.svg"
bench "1,000 tasks, task view" "$work/t1000.bf" -o "$work/o.svg"
bench "1,000 tasks, task view with backfill" "$work/t1000.bf" --backfill bench -o "$work/o.svg"
bench "2,000 tasks, task view" "$work/t2000.bf" -o "$work/o.svg"
bench "2,000 tasks, task view with backfill" "$work/t2000.bf" --backfill bench -o "$work/o.svg"
bench "2,000 tasks, task view, png" "$work/t2000.bf" -o "$work/o.png"
bench "50 tasks x 30 days, instance view (1,500)" "$work/i50.bf" --instances -o "$work/o.svg"
bench "50 tasks (10 hourly) x 30 days (8,400)" "$work/i50h.bf" --instances -o "$work/o.svg"
exit $status
