#!/usr/bin/env bash
# Installs the Debian packages bfc needs.
#
#   scripts/setup.sh          what building `bfc` needs (scripts/demo.sh, scripts/build.sh)
#   scripts/setup.sh --package that, plus what `cpack -G DEB` needs (scripts/package.sh)
#   scripts/setup.sh --test   that, plus what the test suite needs: GoogleTest, the style
#                             and naming checks (clang), the validators the tests run
#                             (python3-jsonschema, xmllint, SARIF Multitool, markdown-it),
#                             pre-commit, and the packaging tools (scripts/test.sh, .ci/run)
#
# Idempotent: does nothing slow when everything is present. apt's output goes to a log that
# is shown only when it fails.
#
# valijson (header-only JSON Schema validator) is not installed as a package: Debian's
# libvalijson-dev depends on the headers of every adapter it ships (Qt5, Poco, MariaDB,
# Vulkan, ...): 136 more packages on a fresh Debian 12, none of which bfc uses. Its .deb
# is downloaded and unpacked into .deps/valijson instead (CMake looks there first).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

test_deps=0
package_deps=0
for arg in "$@"; do
  case $arg in
    --test) test_deps=1 package_deps=1 ;;
    --package) package_deps=1 ;;
    *) echo "usage: scripts/setup.sh [--test|--package]" >&2; exit 2 ;;
  esac
done

BUILD_PKGS=(
  build-essential cmake ninja-build pkg-config git
  antlr4 libantlr4-runtime-dev default-jre-headless
  libboost-graph-dev nlohmann-json3-dev libgraphviz-dev graphviz
  libsqlite3-dev libcli11-dev libfmt-dev rapidjson-dev libhowardhinnant-date-dev libssl-dev
  libyaml-cpp-dev libdtl-dev help2man
  uuid-dev  # Debian's ANTLR runtime CMake package links -luuid without depending on it
)
# cpack's DEB generator runs dpkg-shlibdeps, which needs `file`.
PACKAGE_PKGS=(file)
TEST_PKGS=(
  libgtest-dev libgmock-dev sqlite3 python3 python3-jsonschema python3-yaml
  clang-14 libclang-rt-14-dev libfuzzer-14-dev clang-format-14 clang-tidy-14
  libxml2-utils libxml2-dev valgrind util-linux procps pre-commit
)

SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
updated=0

# apt_quiet CMD...: runs an apt command with its output in a log, shown only on failure.
apt_quiet() {
  local log
  log=$(mktemp)
  if ! $SUDO "$@" -o Dpkg::Use-Pty=0 >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    rm -f "$log"
    echo "setup.sh: \`$*\` failed (last lines above)" >&2
    return 1
  fi
  rm -f "$log"
}

apt_update_once() {
  if ((!updated)); then
    apt_quiet apt-get update -qq
    updated=1
  fi
}

install_missing() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  echo "setup.sh: installing ${#missing[@]} packages: ${missing[*]}"
  apt_update_once
  apt_quiet apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

install_missing "${BUILD_PKGS[@]}"
((package_deps)) && install_missing "${PACKAGE_PKGS[@]}"
((test_deps)) && install_missing "${TEST_PKGS[@]}"

# valijson's headers, without the package's dependency chain (unless the package is
# installed already: CMake then finds its headers in /usr/include).
valijson_dir=$root/.deps/valijson
if [[ ! -e $valijson_dir/usr/include/valijson/validator.hpp &&
  ! -e /usr/include/valijson/validator.hpp ]]; then
  echo "setup.sh: fetching valijson's headers into .deps/valijson"
  apt_update_once
  tmp=$(mktemp -d)
  chmod 755 "$tmp"  # apt's download sandbox (user _apt) writes there
  (cd "$tmp" && apt_quiet apt-get download -qq libvalijson-dev)
  rm -rf "$valijson_dir"
  mkdir -p "$valijson_dir"
  dpkg-deb -x "$tmp"/libvalijson-dev_*.deb "$valijson_dir"
  rm -rf "$tmp"
fi

((test_deps)) || exit 0

# Node.js tools pinned by package-lock.json files: Microsoft's SARIF Multitool
# (tests/sarif, the sarif.multitool test) and markdown-it (tests/diff). npm comes with
# Node.js; Debian's `npm` package only when it is absent.
command -v npm >/dev/null || install_missing npm
sarif_dir=$root/tests/sarif
if [[ ! -e $sarif_dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool ]]; then
  (cd "$sarif_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
diff_dir=$root/tests/diff
if [[ ! -e $diff_dir/node_modules/markdown-it/package.json ]]; then
  (cd "$diff_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
