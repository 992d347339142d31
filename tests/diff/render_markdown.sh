#!/usr/bin/env bash
# Renders a markdown file to HTML with markdown-it (pinned in tests/diff/package-lock.json,
# installed by npm ci here or by scripts/setup.sh --test) and prints the HTML on stdout. Raw HTML
# is allowed (`html: true`), as in GitHub comments, so `<details>` stays HTML; like GitHub,
# markdown right after `<summary>...</summary>` renders only after a blank line.
# Exits non-zero (never skips) when the tool is missing, cannot be installed, or fails.
# usage: render_markdown.sh MARKDOWN_FILE
set -uo pipefail
md=${1:?usage: render_markdown.sh MARKDOWN_FILE}
here=$(cd "$(dirname "$0")" && pwd)
[[ -r $md ]] || { echo "render_markdown.sh: cannot read $md" >&2; exit 2; }
command -v node >/dev/null || { echo "render_markdown.sh: node not found: run scripts/setup.sh --test" >&2; exit 1; }
if [[ ! -e $here/node_modules/markdown-it/package.json ]]; then
  command -v npm >/dev/null || { echo "render_markdown.sh: npm not found: run scripts/setup.sh --test" >&2; exit 1; }
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >&2 ||
    { echo "render_markdown.sh: npm ci failed in $here" >&2; exit 1; }
fi
[[ -e $here/node_modules/markdown-it/package.json ]] ||
  { echo "render_markdown.sh: markdown-it is not in $here/node_modules after npm ci" >&2; exit 1; }
# The module is resolved from tests/diff/node_modules, whatever the working directory.
NODE_PATH=$here/node_modules exec node -e '
const fs = require("fs");
const md = require("markdown-it")({ html: true, linkify: false });
process.stdout.write(md.render(fs.readFileSync(process.argv[1], "utf8")));
' "$md"
