#!/usr/bin/env bash
# Benchmarks bfc check and compile on generated layered plans; prints wall time and peak RSS.
set -euo pipefail
cd "$(dirname "$0")"
BFC=${BFC:-../../build/cli/bfc}
W=$(mktemp -d)
python3 gen_layered.py --tasks 2000 --days 365 > "$W/layered.bf"
python3 gen_layered.py --tasks 500 --days 90 --hourly 50 > "$W/mixed.bf"
# Wall time, CPU time (user + sys: the machine may be shared, so wall alone is noisy), peak RSS.
measure() {
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$W/t" "$@" >/dev/null 2>"$W/err" || { cat "$W/err"; }
  read -r secs user sys kb < "$W/t"
  awk -v l="$label" -v s="$secs" -v u="$user" -v y="$sys" -v k="$kb" \
    'BEGIN { printf "%-36s %6.2f s wall  %5.2f user %5.2f sys  %7.1f MiB\n", l, s, u, y, k / 1024 }'
}
measure "check   2000 tasks x 365 days" "$BFC" check "$W/layered.bf" --today 2024-06-01
measure "compile 2000 tasks x 365 days" "$BFC" compile "$W/layered.bf" --today 2024-06-01 -o "$W/plan.json"
ls -la "$W/plan.json" | awk '{printf "plan.json: %.1f MiB\n", $5/1048576}'
measure "check   mixed hourly/daily 500x90" "$BFC" check "$W/mixed.bf" --today 2024-06-01
measure "compile mixed hourly/daily 500x90" "$BFC" compile "$W/mixed.bf" --today 2024-06-01 -o "$W/mixed.json"
rm -rf "$W"
