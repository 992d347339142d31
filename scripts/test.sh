#!/usr/bin/env bash
# Sets everything up (the test packages too), builds everything, and runs the whole test suite (ctest), then the naming check
# (scripts/check-names.sh, minutes of clang-tidy: not a ctest entry). Fails if either fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh --all
status=0
(cd build && ctest --output-on-failure -j"$(nproc)") || status=1
bash scripts/check-names.sh build || status=1
exit $status
