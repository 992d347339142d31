#!/usr/bin/env bash
# diff.markdown_harness: tests/diff/sample.md, rendered by render_markdown.sh (markdown-it),
# passes check_markdown.py; and two broken copies of it fail, so the check can fail:
# no blank line after the first </summary> (its ``` fence stays text), and an indented
# <details> (escaped into a code block, so &lt;details appears).
# usage: harness_test.sh    (PYTHON: the interpreter, default python3)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

"$here/render_markdown.sh" "$here/sample.md" > "$tmp/sample.html" ||
  { echo "FAIL: render_markdown.sh sample.md"; exit 1; }
if "${PYTHON:-python3}" "$here/check_markdown.py" "$tmp/sample.html"; then
  echo "ok: sample.md renders as intended"
else
  echo "FAIL: sample.md does not render as intended"
  status=1
fi

broken() {  # NAME SED-SCRIPT: the broken copy must render and fail the check
  sed "$2" "$here/sample.md" > "$tmp/$1.md"
  if cmp -s "$here/sample.md" "$tmp/$1.md"; then
    echo "FAIL: $1: the edit did not change sample.md"; status=1; return
  fi
  "$here/render_markdown.sh" "$tmp/$1.md" > "$tmp/$1.html" ||
    { echo "FAIL: render_markdown.sh $1.md"; status=1; return; }
  if "${PYTHON:-python3}" "$here/check_markdown.py" "$tmp/$1.html" > "$tmp/$1.out"; then
    echo "FAIL: $1: check_markdown.py accepted it"; status=1
  else
    echo "ok: $1 rejected: $(head -1 "$tmp/$1.out")"
  fi
}
broken no_blank_after_summary '0,/<\/summary>$/{/<\/summary>$/{n;/^$/d}}'
broken indented_details 's/^<details>$/    <details>/'
exit $status
