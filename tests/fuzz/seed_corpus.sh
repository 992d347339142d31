#!/bin/sh
# Builds the front-end fuzzer's seed corpus: every .bf file of examples/, stdlib/ and
# tests/cases (where crash inputs become cases). Usage: tests/fuzz/seed_corpus.sh [OUT_DIR]
# (default build-fuzz/corpus). Files are named by content hash, so reruns are idempotent.
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$repo/build-fuzz/corpus}
mkdir -p "$out"
n=0
for f in $(find "$repo/examples" "$repo/stdlib" "$repo/tests/cases" -type f -name '*.bf' \
             2>/dev/null | sort); do
  h=$(sha1sum "$f" | cut -c1-40)
  cp "$f" "$out/$h"
  n=$((n + 1))
done
echo "seed corpus: $n files in $out"
