#!/usr/bin/env bash
# Fails, listing them, when tracked C++ files (.h/.cpp, outside build trees) differ from
# what clang-format makes of them under the root .clang-format.
# usage: check_format.sh SOURCE_DIR [CLANG_FORMAT]    exit 77 (skip) without clang-format
set -uo pipefail
root=${1:?usage: check_format.sh SOURCE_DIR [CLANG_FORMAT]}
clang_format=${2:-clang-format}
command -v "$clang_format" >/dev/null || { echo "clang-format not found (scripts/setup.sh --test)"; exit 77; }
cd "$root" || exit 2

# Tracked files when this is a git checkout, else every such file outside build*/.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files -- '*.h' '*.cpp' | grep -Ev '^build[^/]*/')
else
  mapfile -t files < <(find . -path './build*' -prune -o -type f \( -name '*.h' -o -name '*.cpp' \) \
                        -print | sed 's|^\./||' | sort)
fi
((${#files[@]})) || { echo "no C++ files found under $root"; exit 2; }

report=$("$clang_format" --dry-run --Werror "${files[@]}" 2>&1)
status=$?
if ((status == 0)); then
  echo "${#files[@]} files match .clang-format ($("$clang_format" --version))"
  exit 0
fi
differ=$(grep -E '\[-Wclang-format-violations\]' <<<"$report" | cut -d: -f1 | sort -u)
if [[ -z $differ ]]; then
  echo "$clang_format failed:"; echo "$report"; exit 1
fi
echo "$(wc -l <<<"$differ") of ${#files[@]} files differ from .clang-format" \
     "($("$clang_format" --version)); fix with clang-format -i:"
echo "$differ"
exit 1
