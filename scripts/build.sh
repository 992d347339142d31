#!/usr/bin/env bash
# Installs what the build needs (scripts/setup.sh) and builds into build/ (Ninja,
# RelWithDebInfo). The binary is build/cli/bfc.
#
#   scripts/build.sh         bfc and its manual page (the quick start; no test packages, no
#                            test targets); `cmake --install build` works after it
#   scripts/build.sh --all   everything: the test suite too, with its packages (setup.sh --test)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ${1:-} == --all ]]; then
  bash scripts/setup.sh --test
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBFC_BUILD_TESTS=ON >/dev/null
  cmake --build build -j"$(nproc)"
else
  bash scripts/setup.sh
  # Tests off: a build directory configured with them by scripts/test.sh keeps its test
  # targets' files, only the bfc target is built here.
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBFC_BUILD_TESTS=OFF >/dev/null
  cmake --build build -j"$(nproc)" --target bfc bfc_man  # bfc_man: the manual page (help2man)
fi
