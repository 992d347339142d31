#!/usr/bin/env bash
# Checks the house naming scheme (.clang-tidy: readability-identifier-naming) over every
# project .cpp in the build's compile database and the project headers they include; prints
# each violation once and fails when there is any. scripts/test.sh (so CI) runs it after
# ctest: about 8 minutes of CPU (4 or more on two cores), too slow for a ctest entry.
# usage: scripts/check-names.sh [BUILD_DIR]   BUILD_DIR defaults to build/ (configured by
#        cmake, which writes compile_commands.json); BFC_JOBS clang-tidy processes (2).
#        Exit 77 without clang-tidy.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd) || exit 2
tidy=$(command -v clang-tidy-14 || command -v clang-tidy) ||
  { echo "clang-tidy not found (scripts/setup.sh --test installs it)"; exit 77; }
db=$build/compile_commands.json
[[ -f $db ]] || { echo "$db missing: configure the build first"; exit 2; }

# The project's own sources: not the generated parser, not what the build tree holds.
dirs='(common|compiler|runtime|diff|export|cli|tests|bench)'
mapfile -t files < <(python3 -c '
import json, re, sys
root, build, dirs = sys.argv[1:4]
names = {e["file"] for e in json.load(open(build + "/compile_commands.json"))}
pat = re.compile(re.escape(root) + "/" + dirs + "/.*\\.cpp$")
print("\n".join(sorted(n for n in names if pat.match(n) and not n.startswith(build + "/"))))
' "$root" "$build" "$dirs")
((${#files[@]})) || { echo "no project .cpp files in $db"; exit 2; }

# Debian's ANTLR 4.9 headers do not compile with clang (one deleted default constructor,
# as in tests/fuzz/CMakeLists.txt): the front end is parsed against a patched copy.
antlr=$build/check-names/antlr4-runtime
if [[ ! -f $antlr/antlr4-runtime.h ]]; then
  mkdir -p "$antlr" && cp -r /usr/include/antlr4-runtime/. "$antlr/" &&
    sed -i 's|InterpreterData() {}; // For invalid content.||' "$antlr/misc/InterpreterDataReader.h"
fi

start=$SECONDS
out=$(printf '%s\n' "${files[@]}" |
      xargs -P "${BFC_JOBS:-2}" -n 1 "$tidy" -p "$build" --quiet \
        --extra-arg-before="-isystem$antlr" \
        --checks='-*,readability-identifier-naming' --warnings-as-errors='*' \
        --header-filter="^$root/$dirs/" 2>&1)
status=$?
found=$(grep -E '(warning|error): .*\[' <<<"$out" | sed "s|^$root/||" | sort -u)
elapsed=$((SECONDS - start))
if [[ -n $found ]]; then
  echo "$found"
  echo "$(wc -l <<<"$found") naming problems in ${#files[@]} files (${elapsed} s)"
  exit 1
fi
if ((status != 0)); then
  echo "$out"; echo "clang-tidy failed (${elapsed} s)"; exit 1
fi
echo "${#files[@]} files follow the naming scheme (${elapsed} s)"
