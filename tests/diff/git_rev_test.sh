#!/usr/bin/env bash
# diff.git_revisions: `bfc diff REV:PATH ...` reads a plan and its imports as they were at a
# git revision. A repository with plans/main.bf importing plans/lib/tasks.bf gets a second
# commit that changes the imported file only; diffing HEAD~1 against HEAD, and HEAD~1
# against the working tree, must show the change; a path relative to a subdirectory (./),
# an unknown revision and a missing path behave as docs/diff.md says.
# usage: git_rev_test.sh BFC
set -uo pipefail
bfc=${1:?usage: git_rev_test.sh BFC}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

cd "$tmp" || exit 1
git init -q repo && cd repo || exit 1
git config user.email t@example.com && git config user.name t
mkdir -p plans/lib
echo 'task load { cycle = daily; command = "load v1 ${bizdate}"; }' > plans/lib/tasks.bf
cat > plans/main.bf <<'BF'
import "lib/tasks.bf";
task report { cycle = daily; after = [load]; command = "report ${bizdate}"; }
backfill b { select = [load, report]; dates = 2024-01-01..2024-01-03; }
BF
echo "not a plan" > README.md
git add -A && git commit -qm one
sed -i 's/load v1/load v2/' plans/lib/tasks.bf
git commit -qam two

out=$("$bfc" diff HEAD~1:plans/main.bf HEAD:plans/main.bf --today 2024-06-01 --format json) ||
  fail "diff HEAD~1 HEAD exited $?"
grep -q '"changed": 3' <<<"$out" || fail "HEAD~1 vs HEAD: expected 3 changed (the import's task): $out"
grep -q '"affected": 3' <<<"$out" || fail "HEAD~1 vs HEAD: expected 3 affected (its readers)"

# The working tree against a revision, from a subdirectory with a ./ path.
sed -i 's/load v2/load v3/' plans/lib/tasks.bf
(cd plans && "$bfc" diff HEAD:./main.bf main.bf --today 2024-06-01 --exit-code > "$tmp/sub.txt")
rc=$?
((rc == 1)) || fail "subdirectory ./ path: exit $rc, expected 1 (differences)"
grep -q 'load v3' "$tmp/sub.txt" || fail "subdirectory: the diff does not show the working tree's command"
grep -q 'load v2' "$tmp/sub.txt" || fail "subdirectory: the diff does not show HEAD's command"

# The same revision on both sides: nothing differs.
"$bfc" diff HEAD:plans/main.bf HEAD:plans/main.bf --today 2024-06-01 --exit-code >/dev/null ||
  fail "HEAD vs HEAD: exit $?, expected 0"

"$bfc" diff nosuchrev:plans/main.bf plans/main.bf --today 2024-06-01 > /dev/null 2> "$tmp/err"
rc=$?
((rc == 2)) || fail "unknown revision: exit $rc, expected 2"
grep -q 'nosuchrev' "$tmp/err" || fail "unknown revision: the error does not name it: $(cat "$tmp/err")"
"$bfc" diff HEAD:plans/nope.bf plans/main.bf --today 2024-06-01 > /dev/null 2> "$tmp/err"
rc=$?
((rc == 2)) || fail "missing path: exit $rc, expected 2"
ls /tmp | grep -q "^bfc-diff-" && [[ -n $(find /tmp -maxdepth 1 -name 'bfc-diff-*' -newer "$tmp" 2>/dev/null) ]] &&
  fail "a temporary tree was left in /tmp"
((status == 0)) && echo "ok: REV:PATH inputs"
exit $status
