#!/usr/bin/env bash
# Runs `bfc render` under valgrind over the render fixtures (task view, each backfill,
# instance view; svg, png and dot) and fails on any leak or memory error that the
# suppressions (valgrind.supp: Graphviz 2.43 and font-stack internals) do not explain.
# usage: valgrind_render.sh BFC_BINARY
set -euo pipefail
bfc=$1
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0
run() {
  local log="$out/valgrind.log"
  set +e
  valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible --suppressions="$here/valgrind.supp" \
    --error-exitcode=99 "$bfc" render --today 2024-04-01 "$@" >"$log" 2>&1
  local rc=$?
  set -e
  if [[ $rc -eq 99 ]]; then
    echo "valgrind found problems: bfc render $*"
    grep -v '^[^=]' "$log" | head -80
    fail=1
  elif [[ $rc -gt 1 ]]; then
    echo "bfc render $* exited $rc"
    cat "$log"
    fail=1
  fi
}
f=$here/fixtures
run "$f/small.bf" -o "$out/a.svg"
run "$f/small.bf" --backfill fix_march -o "$out/b.svg"
run "$f/small.bf" --backfill fix_march -o "$out/b.png"
run "$f/small.bf" --instances -o "$out/c.svg"
run "$f/small.bf" --instances --max-nodes 20 -o "$out/d.svg"
run "$f/loop.bf" --backfill again -o "$out/e.svg"
run "$f/isolated.bf" --instances -o "$out/f.svg"
run "$f/barrier_loop.bf" --instances -o "$out/g.dot"
run "$f/barrier_loop.bf" --instances -o "$out/h.svg"
exit $fail
