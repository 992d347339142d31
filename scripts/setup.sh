#!/usr/bin/env bash
# Installs every Debian package bfc needs to build, test (style checks included), fuzz and
# benchmark.
# Idempotent: safe to run again; does nothing slow when everything is present.
set -euo pipefail

PKGS=(
  build-essential cmake ninja-build pkg-config git
  antlr4 libantlr4-runtime-dev default-jre-headless
  libboost-graph-dev nlohmann-json3-dev libgraphviz-dev graphviz
  libgtest-dev libgmock-dev libsqlite3-dev sqlite3 libcli11-dev libfmt-dev
  libvalijson-dev rapidjson-dev libhowardhinnant-date-dev libssl-dev
  clang-14 libclang-rt-14-dev libfuzzer-14-dev clang-format-14 clang-tidy-14
  python3 libxml2-utils util-linux procps libyaml-cpp-dev libdtl-dev
  python3-jsonschema python3-yaml
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Microsoft's SARIF Multitool (npm, pinned in tests/sarif/package-lock.json) for the
# sarif.multitool test. npm comes with Node.js; Debian's `npm` package only when it is absent.
if ! command -v npm >/dev/null; then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends npm
fi
sarif_dir="$(dirname "$0")/../tests/sarif"
if [[ ! -e $sarif_dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool ]]; then
  (cd "$sarif_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
# markdown-it (npm, pinned in tests/diff/package-lock.json) for diff.markdown_harness.
diff_dir="$(dirname "$0")/../tests/diff"
if [[ ! -e $diff_dir/node_modules/markdown-it/package.json ]]; then
  (cd "$diff_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
