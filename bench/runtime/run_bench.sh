#!/usr/bin/env bash
# Benchmark: `bfc run` vs `ninja -j2` on the same 10,000-instance layered DAG of `true`.
#
#   bench/runtime/run_bench.sh [BFC] [ROUNDS]
#
# Generates the plan and an equivalent build.ninja (tests/runtime/gen_plan.py: 100 layers x
# 100 instances, 3 deps each), then alternates ninja and bfc runs ROUNDS times (the machine
# may be shared: alternating keeps the comparison fair) and prints each time, the medians,
# the ratio and bfc's per-attempt state-write cost (from `bfc run --stats`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bfc="$(realpath "${1:-$here/../../build/cli/bfc}")"
rounds="${2:-3}"
work="$(mktemp -d /tmp/bfc_bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 "$here/../../tests/runtime/gen_plan.py" --layers 100 --width 100 --deps 3 --command true \
  --max-running 2 -o plan.json --ninja build.ninja

now() { date +%s.%N; }
calc() { python3 -c "print($1)"; }
ninja_times=() bfc_times=() write_costs=()
for ((r = 1; r <= rounds; r++)); do
  rm -f .ninja_log .ninja_deps
  t0=$(now); ninja -j2 >/dev/null; t1=$(now)
  ninja_times+=("$(calc "$t1 - $t0")")
  rm -rf plan.json.state.db* plan.json.logs
  t0=$(now); "$bfc" run plan.json --stats 2>stats.txt; t1=$(now)
  bfc_times+=("$(calc "$t1 - $t0")")
  write_costs+=("$(sed -n 's/.*state writes .* total, \([0-9.]*\) us per attempt/\1/p' stats.txt)")
  printf 'round %d: ninja -j2 %6.2f s   bfc run %6.2f s   state writes %s us/attempt\n' \
    "$r" "${ninja_times[-1]}" "${bfc_times[-1]}" "${write_costs[-1]}"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
n=$(median "${ninja_times[@]}"); b=$(median "${bfc_times[@]}"); w=$(median "${write_costs[@]}")
printf 'median: ninja -j2 %.2f s, bfc run %.2f s, ratio %.3f (acceptance <= 1.1, goal <= 1.0), state writes %s us/attempt\n' \
  "$n" "$b" "$(calc "$b / $n")" "$w"
