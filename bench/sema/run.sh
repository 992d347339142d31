#!/usr/bin/env bash
# Benchmarks bfc check and compile on generated layered plans; prints wall time and peak RSS.
set -euo pipefail
cd "$(dirname "$0")"
BFC=${BFC:-../../build/cli/bfc}
W=$(mktemp -d)
python3 gen_layered.py --tasks 2000 --days 365 > "$W/layered.bf"
python3 gen_layered.py --tasks 500 --days 90 --hourly 50 > "$W/mixed.bf"
measure() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$W/t" "$@" >/dev/null 2>"$W/err" || { cat "$W/err"; }
  read -r secs kb < "$W/t"
  printf "%-40s %6.2f s  %7.1f MiB\n" "$label" "$secs" "$(echo "$kb/1024" | bc -l)"
}
measure "check   2000 tasks x 365 days" "$BFC" check "$W/layered.bf" --today 2024-06-01
measure "compile 2000 tasks x 365 days" "$BFC" compile "$W/layered.bf" --today 2024-06-01 -o "$W/plan.json"
ls -la "$W/plan.json" | awk '{printf "plan.json: %.1f MiB\n", $5/1048576}'
measure "check   mixed hourly/daily 500x90" "$BFC" check "$W/mixed.bf" --today 2024-06-01
measure "compile mixed hourly/daily 500x90" "$BFC" compile "$W/mixed.bf" --today 2024-06-01 -o "$W/mixed.json"
rm -rf "$W"
