#!/usr/bin/env bash
# The Debian package: built with cpack from this build, its Depends are runtime libraries
# only, and installed with apt-get it works from another directory (stdlib imports
# included) and is removed again. Skipped (exit 77, with the reason) where the machine
# forbids installing: not root, no apt-get, or a bfc package installed already (not ours to
# replace).
#
#   deb_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
work=$(mktemp -d)
installed=0
cleanup() {
  if ((installed)); then apt-get remove -y -qq bfc >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$work/pkg" >"$work/cpack.log" 2>&1) ||
  fail "cpack failed: $(tail -20 "$work/cpack.log")"
deb=$(ls "$work"/pkg/bfc_*_*.deb)
[[ $(basename "$deb") =~ ^bfc_[0-9]+\.[0-9]+\.[0-9]+_[a-z0-9]+\.deb$ ]] ||
  fail "unexpected package name $(basename "$deb")"
depends=$(dpkg-deb -f "$deb" Depends)
echo "$(basename "$deb"): Depends: $depends"
for lib in libantlr4-runtime libcgraph6 libgvc6 libsqlite3 libfmt libssl libyaml-cpp libstdc++6; do
  [[ $depends == *"$lib"* ]] || fail "Depends lacks $lib"
done
[[ $depends != *"-dev"* ]] || fail "Depends names a -dev package"
dpkg-deb -c "$deb" >"$work/contents.txt"
grep -q '\./usr/share/bfc/stdlib/policies\.bf$' "$work/contents.txt" || fail "no stdlib in the package"
grep -q '\./usr/share/man/man1/bfc\.1' "$work/contents.txt" || fail "no manual page in the package"
grep -q '\./usr/bin/bfc$' "$work/contents.txt" || fail "no bin/bfc in the package"

if [[ $(id -u) -ne 0 ]]; then
  echo "SKIP: installing the package needs root"
  exit 77
fi
if ! command -v apt-get >/dev/null; then
  echo "SKIP: no apt-get on this machine"
  exit 77
fi
if dpkg-query -W -f='${Status}' bfc 2>/dev/null | grep -q "install ok installed"; then
  echo "SKIP: a bfc package is installed already; not replacing it"
  exit 77
fi

installed=1
apt-get install -y -qq -o Dpkg::Use-Pty=0 "$deb" >"$work/apt.log" 2>&1 ||
  fail "apt-get install failed: $(tail -20 "$work/apt.log")"
[[ -x /usr/bin/bfc ]] || fail "/usr/bin/bfc is not there"
/usr/bin/bfc --version

mkdir "$work/elsewhere"
cp "$src/examples/quickstart.bf" "$src/examples/hourly_to_daily.bf" "$work/elsewhere/"
cd "$work/elsewhere"
/usr/bin/bfc check quickstart.bf hourly_to_daily.bf --today 2024-06-01 || fail "bfc check failed"
/usr/bin/bfc compile quickstart.bf --backfill rebuild_march --today 2024-04-01 -o plan.json ||
  fail "bfc compile failed"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["instances"]' plan.json ||
  fail "plan.json is not a plan"
# The stdlib it read is the package's: dpkg knows it.
dpkg -S /usr/share/bfc/stdlib/policies.bf | grep -q '^bfc:' || fail "the stdlib is not the package's"

apt-get remove -y -qq -o Dpkg::Use-Pty=0 bfc >"$work/apt.log" 2>&1 ||
  fail "apt-get remove failed: $(tail -20 "$work/apt.log")"
installed=0
[[ ! -e /usr/bin/bfc ]] || fail "/usr/bin/bfc is still there after the removal"
echo "PASS: package built, installed, used and removed"
