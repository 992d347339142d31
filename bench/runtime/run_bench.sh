#!/usr/bin/env bash
# Benchmark: `bfc run` vs `ninja -j2` on the same 10,000-instance layered DAG of `true`.
#
#   bench/runtime/run_bench.sh [BFC] [ROUNDS]
#   BENCH_MODE=churn bench/runtime/run_bench.sh ...   delete the previous round's state and
#                                                     logs right before each round, no wait
#   BENCH_COMMAND='printf %01024d 0' ...              each instance prints 1 KB (default: true)
#
# Generates the plan and an equivalent build.ninja (tests/runtime/gen_plan.py: 100 layers x
# 100 instances, 3 deps each), then alternates ninja and bfc runs ROUNDS times (the machine
# may be shared: alternating keeps the comparison fair) and prints each time, the medians,
# the ratio and bfc's per-attempt state-write cost (from `bfc run --stats`).
#
# In the default (quiet) mode every bfc round gets a state and log directory of its own, and
# they are only removed when the script exits. In churn mode each round deletes the previous
# round's state and logs right before it starts, as a user rerunning after cleaning up does.
# With the log store (a few segment files per run, docs/runtime.md "Logs") that costs
# nothing; before it, with a file per attempt, it cost 1.7-2x: Deleting round N's 10,000 log files right before round N+1 creates its
# own would measure a file-system effect rather than bfc: on ext4 without a journal (as on
# the machine the numbers in README.md come from) the inode allocator skips inodes deleted
# in the last minutes (`recently_deleted`: 60 s, 360 s while the inode table block is
# dirty), scanning past all of them on every create, which roughly doubles the runner's CPU
# time. ninja creates no files, so it would not pay that. For the same reason the script
# waits until 6 minutes have passed since an earlier run of it removed its files (set
# BENCH_NO_WAIT=1 to skip that).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bfc="$(realpath "${1:-$here/../../build/cli/bfc}")"
rounds="${2:-3}"
stamp=/tmp/bfc_bench.last_cleanup
mode="${BENCH_MODE:-quiet}"
command="${BENCH_COMMAND:-true}"
if [[ $mode == quiet && -z "${BENCH_NO_WAIT:-}" && -e $stamp ]]; then
  left=$(( $(stat -c %Y "$stamp") + 360 - $(date +%s) ))
  if (( left > 0 )); then
    echo "waiting ${left}s: the previous run removed its 10,000s of files less than 6 minutes ago" >&2
    sleep "$left"
  fi
fi
work="$(mktemp -d /tmp/bfc_bench.XXXXXX)"
trap 'rm -rf "$work"; touch "$stamp"' EXIT
cd "$work"
python3 "$here/../../tests/runtime/gen_plan.py" --layers 100 --width 100 --deps 3 --command "$command" \
  --max-running 2 -o plan.json --ninja build.ninja

now() { date +%s.%N; }
calc() { python3 -c "print($1)"; }
ninja_times=() bfc_times=() ratios=() write_costs=() runner_cpu=()
for ((r = 1; r <= rounds; r++)); do
  rm -f .ninja_log .ninja_deps
  t0=$(now); ninja -j2 >/dev/null; t1=$(now)
  ninja_times+=("$(calc "$t1 - $t0")")
  if [[ $mode == churn && $r -gt 1 ]]; then rm -rf "round$((r - 1))"; fi
  mkdir "round$r"
  t0=$(now); "$bfc" run plan.json --state "round$r/state.db" --logs "round$r/logs" --stats 2>"round$r/stats.txt"; t1=$(now)
  bfc_times+=("$(calc "$t1 - $t0")")
  ratios+=("$(calc "${bfc_times[-1]} / ${ninja_times[-1]}")")
  write_costs+=("$(sed -n 's/.*state writes .* total, \([0-9.]*\) us per attempt/\1/p' "round$r/stats.txt")")
  runner_cpu+=("$(sed -n 's/.*CPU [0-9.]* s in the runner (\([0-9.]*\) us per attempt).*/\1/p' "round$r/stats.txt")")
  store="$(du -sb "round$r/logs" | cut -f1) bytes in $(find "round$r/logs" -type f | wc -l) files"
  printf 'round %d (%s): ninja -j2 %6.2f s   bfc run %6.2f s   ratio %.3f   state writes %s us/attempt   runner CPU %s us/attempt   logs %s\n' \
    "$r" "$mode" "${ninja_times[-1]}" "${bfc_times[-1]}" "${ratios[-1]}" "${write_costs[-1]}" "${runner_cpu[-1]}" "$store"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
n=$(median "${ninja_times[@]}"); b=$(median "${bfc_times[@]}"); w=$(median "${write_costs[@]}")
q=$(median "${ratios[@]}"); c=$(median "${runner_cpu[@]}")
printf 'median: ninja -j2 %.2f s, bfc run %.2f s, ratio %.3f (acceptance <= 1.1, goal <= 1.0), median of per-round ratios %.3f, state writes %s us/attempt, runner CPU %s us/attempt\n' \
  "$n" "$b" "$(calc "$b / $n")" "$q" "$w" "$c"
