#!/usr/bin/env bash
# `cmake --install` into a prefix, then the tree moved elsewhere: bin/bfc, the standard
# library, the schema, the docs and the manual page are there; `bfc --version` names the
# version and the commit; bfc run from another directory reads the *installed* standard
# library (found relative to the binary), shown by breaking that copy on purpose.
#
#   install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
mv "$work/prefix" "$work/moved"  # a relocated install
p=$work/moved
for f in bin/bfc share/bfc/stdlib/policies.bf share/bfc/schema/bfc-plan-1.schema.json \
  share/doc/bfc/README.md share/doc/bfc/language.md share/doc/bfc/diagnostics.md \
  share/man/man1/bfc.1; do
  [[ -s $p/$f ]] || fail "$f is not installed"
done

version=$("$p/bin/bfc" --version)
[[ $version =~ ^bfc\ [0-9]+\.[0-9]+\.[0-9]+\ \(commit\ ([0-9a-f]{12}(-dirty)?|unknown)\)$ ]] ||
  fail "bfc --version printed '$version'"
echo "version: $version"

# The manual page renders without warnings (groff, as man does).
if command -v groff >/dev/null; then
  groff -man -Tutf8 -P-cbou -ww "$p/share/man/man1/bfc.1" >"$work/man.txt" 2>"$work/man.err"
  [[ ! -s $work/man.err ]] || fail "groff warns about bfc.1: $(cat "$work/man.err")"
  man_text=$(tr -s ' \n' '  ' <"$work/man.txt")  # one line: words are justified and wrapped
  [[ $man_text == *"bfc check verifies plans"* ]] || fail "the manual page does not describe bfc check"
  [[ $man_text == *"/usr/share/bfc/stdlib"* ]] || fail "the manual page does not name the stdlib"
else
  echo "note: groff not found, the manual page is not rendered"
fi

# From another directory, with no BFC_STDLIB: check and compile an example that imports
# std/policies.bf.
mkdir "$work/elsewhere"
cp "$src/examples/quickstart.bf" "$work/elsewhere/"
cd "$work/elsewhere"
unset BFC_STDLIB
"$p/bin/bfc" check quickstart.bf --today 2024-04-01 || fail "bfc check failed"
"$p/bin/bfc" compile quickstart.bf --backfill rebuild_march --today 2024-04-01 -o plan.json ||
  fail "bfc compile failed"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["instances"]' plan.json ||
  fail "plan.json is not a plan"

# The installed copy of the stdlib is the one read: broken, it breaks the check.
echo 'this is not bfc' >>"$p/share/bfc/stdlib/policies.bf"
if "$p/bin/bfc" check quickstart.bf --today 2024-04-01 >"$work/broken.txt" 2>&1; then
  fail "bfc check passed with the installed stdlib broken: it reads another copy"
fi
grep -q "policies.bf" "$work/broken.txt" || fail "no diagnostic in policies.bf: $(cat "$work/broken.txt")"
echo "PASS: installed, relocated, stdlib found relative to the binary"
