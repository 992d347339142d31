#!/usr/bin/env bash
# diff.markdown_output: `bfc diff --format markdown` as GitHub would show it. The golden case
# diff/markdown.bf and a generated diff too big for one comment (400 tasks with changed
# commands) are rendered by markdown-it (render_markdown.sh) and checked by
# check_markdown.py; the big one must stay under 65,536 characters and say how much it left
# out.
# usage: markdown_output_test.sh BFC CASES_DIR
set -uo pipefail
bfc=${1:?usage: markdown_output_test.sh BFC CASES_DIR}
cases=${2:?usage: markdown_output_test.sh BFC CASES_DIR}
here=$(cd "$(dirname "$0")" && pwd)
py=${PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

check() {  # NAME MARKDOWN_FILE
  "$here/render_markdown.sh" "$2" > "$tmp/$1.html" || { echo "FAIL: $1: render"; status=1; return; }
  if "$py" "$here/check_markdown.py" "$tmp/$1.html"; then
    echo "ok: $1 renders as intended"
  else
    echo "FAIL: $1 does not render as intended"; status=1
  fi
}

(cd "$cases" && "$bfc" diff diff/base.bf diff/markdown.bf --today 2024-06-01 --format markdown) \
  > "$tmp/golden.md" || { echo "FAIL: bfc diff (golden case)"; exit 1; }
check golden "$tmp/golden.md"

# 400 tasks, each with its own changed command: far more than one comment holds.
"$py" - "$tmp" <<'PY'
import sys
d = sys.argv[1]
for side, suffix in (("old", ""), ("new", " --fixed")):
    with open(f"{d}/{side}.bf", "w") as f:
        for i in range(400):
            f.write(f'task t{i:03} {{ cycle = daily; command = "job_{i} --date ${{bizdate}}{suffix} --' +
                    'with-a-long-option-to-make-the-diff-wider"; }\n')
        sel = ", ".join(f"t{i:03}" for i in range(400))
        f.write(f"backfill big {{ select = [{sel}]; dates = 2024-01-01..2024-01-31; }}\n")
PY
"$bfc" diff "$tmp/old.bf" "$tmp/new.bf" --today 2024-06-01 --format markdown > "$tmp/big.md" ||
  { echo "FAIL: bfc diff (big)"; exit 1; }
chars=$("$py" -c 'import sys; print(len(open(sys.argv[1], encoding="utf-8").read()))' "$tmp/big.md")
if ((chars > 65536)); then
  echo "FAIL: big: $chars characters, over GitHub's 65,536"; status=1
elif ! grep -q 'more not shown' "$tmp/big.md"; then
  echo "FAIL: big: no 'more not shown' line although sections were left out"; status=1
else
  echo "ok: big: $chars characters, with a 'more not shown' line"
fi
check big "$tmp/big.md"
exit $status
