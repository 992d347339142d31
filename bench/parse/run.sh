#!/bin/sh
# Front-end benchmark: generates a ~10 MB plan and measures parse throughput and peak RSS.
# Usage: bench/parse/run.sh [BUILD_DIR] [MB]   (default: build, 10)
# Needs parse_bench (bench/parse/CMakeLists.txt, configured with -DBFC_BENCH=ON) and bfc built in BUILD_DIR.
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$repo/build}
mb=${2:-10}
out=$build/bench/parse
mkdir -p "$out"
plan=$out/plan.bf
python3 "$repo/bench/parse/gen_plan.py" --mb "$mb" "$plan"
size=$(stat -c %s "$plan")

echo "== parse_bench: lex only"
"$build/bench/parse/parse_bench" "$plan" --lex-only --iterations 5
echo "== parse_bench: lex + parse + AST (no semantic checks)"
"$build/bench/parse/parse_bench" "$plan" --iterations 3

echo "== bfc check (whole pipeline, as users run it)"
/usr/bin/time -v "$build/cli/bfc" check "$plan" 2> "$out/time.txt" || true
secs=$(sed -n 's/.*User time (seconds): //p' "$out/time.txt")
sys=$(sed -n 's/.*System time (seconds): //p' "$out/time.txt")
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/time.txt")
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/time.txt")
grep -E '^[^[:space:]].*error' "$out/time.txt" | head -3 || true
awk -v s="$secs" -v y="$sys" -v w="$wall" -v r="$rss" -v n="$size" 'BEGIN {
  printf "  cpu %.2f s (user %.2f + sys %.2f), wall %s: %.1f MB/s\n", s + y, s, y, w, n / 1e6 / (s + y);
  printf "  peak RSS: %.1f MB (%.1fx input)\n", r / 1024, r * 1024 / n }'
