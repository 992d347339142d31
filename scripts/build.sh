#!/usr/bin/env bash
# Installs dependencies (scripts/setup.sh) and builds bfc into build/ (Release, Ninja).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
