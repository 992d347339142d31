#!/bin/sh
# Bad input stays fast: `bfc check` on ~10 MB inputs full of errors, with the default
# error limit (20) and without one (--error-limit 0).
# Usage: bench/check/run.sh [BUILD_DIR] [MB]   (default: build, 10). Needs bfc built.
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$repo/build}
mb=${2:-10}
out=$build/bench/check
mkdir -p "$out"
# The parse benchmark's plan: valid syntax, hundreds of thousands of E0403 and warnings.
python3 "$repo/bench/parse/gen_plan.py" --mb "$mb" "$out/plan.bf"
# Syntax errors everywhere: one broken task per line.
python3 - "$out/syntax.bf" "$mb" <<'PY'
import sys
line = 'task t%07d { cycle = ; command = "x" }\n'
n = int(sys.argv[2]) * 1000 * 1000 // len(line % 0)
open(sys.argv[1], "w").write("".join(line % i for i in range(n)))
PY
# Unknown names everywhere: every task depends on a task that does not exist.
python3 - "$out/names.bf" "$mb" <<'PY'
import sys
line = 'task t%07d { after = [missing%07d]; command = "run ${bizdate}"; }\n'
n = int(sys.argv[2]) * 1000 * 1000 // len(line % (0, 0))
open(sys.argv[1], "w").write("".join(line % (i, i) for i in range(n)))
PY

run() {
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$build/cli/bfc" check "$@" > /dev/null 2> "$out/stderr.txt" || true
  read -r wall rss <<EOT
$(tail -1 "$out/time.txt")
EOT
  tail -2 "$out/stderr.txt" | head -1 | cut -c1-90
  printf '  wall %s s, peak RSS %.0f MB\n' "$wall" "$(echo "$rss / 1024" | bc -l)"
}
for f in plan syntax names; do
  echo "== $f.bf ($(stat -c %s "$out/$f.bf") bytes), default limit"
  run "$out/$f.bf" --today 2024-06-01
done
# Without a limit, for comparison (names.bf is left out: each of its 140k unknown names
# searches every task name for a did-you-mean, which takes minutes).
for f in plan syntax; do
  echo "== $f.bf, --error-limit 0"
  run "$out/$f.bf" --today 2024-06-01 --error-limit 0
done
