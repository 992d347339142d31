#!/usr/bin/env bash
# Regenerates the pictures the docs show, with `bfc render`, from a fixed plan and date:
#   docs/images/render-tasks.svg      task view of backfill fix_march (README, docs/render.md)
#   docs/images/render-instances.svg  instance view of the same backfill (docs/render.md)
#   docs/images/render-loop.svg       a plan with a dependency loop, drawn in red
# usage: scripts/render-docs.sh   (BFC=path/to/bfc to use another binary; default: build it)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bfc=${BFC:-$root/build/cli/bfc}
if [[ -z ${BFC:-} ]]; then
  cmake -S "$root" -B "$root/build" -G Ninja >/dev/null
  cmake --build "$root/build" --target bfc >/dev/null
fi
plans=$root/tests/render/fixtures
out=$root/docs/images
mkdir -p "$out"
today=2024-04-01
"$bfc" render "$plans/small.bf" --backfill fix_march --today $today -o "$out/render-tasks.svg" 2>/dev/null
"$bfc" render "$plans/small.bf" --backfill fix_march --instances --today $today -o "$out/render-instances.svg" 2>/dev/null
# The loop plan has errors by design: render writes the picture and exits 1.
"$bfc" render "$plans/loop.bf" --today $today -o "$out/render-loop.svg" 2>/dev/null || [[ $? -eq 1 ]]
echo "wrote $out/render-tasks.svg, render-instances.svg, render-loop.svg"
