#!/usr/bin/env bash
# Builds the Debian package of bfc: out/bfc_VERSION_ARCH.deb (bin/bfc, the standard library,
# the plan schema, the docs and the manual page under /usr; Depends computed by
# dpkg-shlibdeps from the libraries bfc links). Install it with
#   apt-get install ./out/bfc_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --package
cmake -S . -B build-package -G Ninja -DCMAKE_BUILD_TYPE=Release -DBFC_BUILD_TESTS=OFF >/dev/null
cmake --build build-package -j"$(nproc)"
mkdir -p out
(cd build-package && cpack -G DEB -B "$PWD/../out" >/dev/null)
rm -rf out/_CPack_Packages
ls out/bfc_*.deb
