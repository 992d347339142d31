#!/usr/bin/env bash
# precommit.hooks: the hooks of .pre-commit-hooks.yaml, run by pre-commit itself.
#
#   run.sh BFC_BINARY HOOKS_YAML
#
# Copies HOOKS_YAML into a throwaway git repository of its own and commits it, so the
# manifest under test is the working copy's (uncommitted edits included), and a second
# throwaway repository uses it as `repo: PATH` with `rev: SHA`, as a user's
# .pre-commit-config.yaml would. `bfc` on PATH is a symlink to BFC_BINARY. Everything
# (pre-commit's cache, git's global config) stays in a temporary directory; nothing is
# downloaded (language: system).
#
# Exit 77 (ctest SKIP_RETURN_CODE) when pre-commit or git is not installed.
set -uo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 BFC_BINARY HOOKS_YAML" >&2
  exit 2
fi
bfc_bin=$1
hooks_yaml=$2

for tool in pre-commit git; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: \`$tool\` is not installed (Debian: apt-get install $tool); the pre-commit hooks are not tested"
    exit 77
  fi
done
[ -x "$bfc_bin" ] || { echo "FAIL: no bfc binary at $bfc_bin"; exit 1; }
[ -f "$hooks_yaml" ] || { echo "FAIL: no hooks manifest at $hooks_yaml"; exit 1; }
echo "using $(pre-commit --version), $(git --version)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bfc-precommit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/bin" "$tmp/home" "$tmp/cache"
ln -s "$(cd "$(dirname "$bfc_bin")" && pwd)/$(basename "$bfc_bin")" "$tmp/bin/bfc"
export PATH="$tmp/bin:$PATH"
export HOME="$tmp/home"             # no user or global git config (signing, hooksPath, ...)
export XDG_CONFIG_HOME="$tmp/home/.config"
export GIT_CONFIG_NOSYSTEM=1
export PRE_COMMIT_HOME="$tmp/cache"  # not ~/.cache/pre-commit
export PRE_COMMIT_COLOR=never
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE PRE_COMMIT_ALLOW_NO_CONFIG SKIP

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
pass() { echo "ok: $*"; }

new_repo() {
  git init -q "$1" &&
    git -C "$1" config user.name "bfc test" &&
    git -C "$1" config user.email "bfc-test@example.invalid" &&
    git -C "$1" config commit.gpgsign false
}

# --- the hook repository: the manifest under test, committed -----------------------------
hooks_repo="$tmp/hooks"
new_repo "$hooks_repo" || { echo "FAIL: git init"; exit 1; }
cp "$hooks_yaml" "$hooks_repo/.pre-commit-hooks.yaml"
git -C "$hooks_repo" add .pre-commit-hooks.yaml
git -C "$hooks_repo" commit -q -m "hooks under test" || { echo "FAIL: git commit"; exit 1; }
rev=$(git -C "$hooks_repo" rev-parse HEAD)

# --- the user's repository ------------------------------------------------------------------
work="$tmp/work"
new_repo "$work" || { echo "FAIL: git init"; exit 1; }
cd "$work" || exit 1
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks_repo
    rev: $rev
    hooks:
      - id: bfc-check
      - id: bfc-fmt
YAML
pre-commit validate-manifest "$hooks_repo/.pre-commit-hooks.yaml" ||
  fail "pre-commit validate-manifest rejects .pre-commit-hooks.yaml"
pre-commit validate-config .pre-commit-config.yaml || fail "validate-config"

# Runs pre-commit with ARGS; sets $out (its output) and $rc.
run_pc() {
  out=$(pre-commit "$@" 2>&1)
  rc=$?
  printf '%s\n' "--- pre-commit $* (exit $rc)" "$out" "---"
}

# 1. Good, formatted plans: a plan importing a library file and the stdlib. Both hooks pass
#    (and run: "Passed", not "(no files to check)Skipped"); README.md is not given to bfc.
mkdir -p plans/lib
cat > plans/lib/common.bf <<'BF'
# Shared by the plans: a task and a parameter.
param dt = fmt(bizdate, "%Y-%m-%d");

task extract {
  cycle = daily;
  command = "extract ${dt}";
}
BF
cat > plans/daily.bf <<'BF'
import "std/policies.bf";
import "lib/common.bf";

task load {
  cycle = daily;
  after = [extract];
  command = "load ${dt}";
}

backfill march {
  use = fast;
  select = [extract, load];
  dates = 2024-03-01..2024-03-03;
}
BF
printf '# not a plan {{{\n' > README.md
# Preconditions, so a failure below is the hooks' and not the fixture's.
bfc check plans/daily.bf plans/lib/common.bf || fail "fixture: the good plans do not check"
bfc fmt --check plans/daily.bf plans/lib/common.bf >/dev/null || fail "fixture: the good plans are not formatted"
git add -A
run_pc run --all-files
if [ "$rc" -ne 0 ]; then
  fail "good plans: pre-commit run --all-files exited $rc, expected 0"
else
  pass "good plans: pre-commit run --all-files exits 0"
fi
grep -Eq '^bfc check\.+Passed' <<<"$out" || fail "good plans: bfc-check did not run and pass"
grep -Eq '^bfc fmt\.+Passed' <<<"$out" || fail "good plans: bfc-fmt did not run and pass"
git commit -q --no-verify -m "good plans" || fail "git commit"

# 2. A plan with an unknown task: bfc-check fails on the staged file and shows bfc's
#    diagnostic (file:line:col: error[CODE]); a real `git commit` is refused.
cat > bad.bf <<'BF'
import "plans/lib/common.bf";

task report {
  cycle = daily;
  after = [extract, missing_task];
  command = "report ${dt}";
}
BF
expected=$(bfc check bad.bf 2>&1 | grep -E '^bad\.bf:[0-9]+:[0-9]+: error\[E[0-9]+\]' | head -n 1)
case "$expected" in
  bad.bf:5:21:\ error\[E*\]*missing_task*) ;;
  *) fail "fixture: bfc check bad.bf did not report the unknown task at 5:21 (got: '$expected')" ;;
esac
git add bad.bf
run_pc run bfc-check          # staged files only, as in a commit
if [ "$rc" -eq 0 ]; then
  fail "bad plan: bfc-check passed, expected a failure"
else
  pass "bad plan: bfc-check fails (exit $rc)"
fi
grep -Eq '^bfc check\.+Failed' <<<"$out" || fail "bad plan: no 'bfc check...Failed' line"
if [ -n "$expected" ] && grep -qF -- "$expected" <<<"$out"; then
  pass "bad plan: the hook output has bfc's diagnostic: $expected"
else
  fail "bad plan: the hook output lacks bfc's diagnostic '$expected'"
fi
pre-commit install >/dev/null || fail "pre-commit install"
head_before=$(git rev-parse HEAD)
if commit_out=$(git commit -m "bad plan" 2>&1); then
  fail "bad plan: git commit succeeded through the installed hook"
else
  pass "bad plan: git commit is refused by the installed hook"
fi
printf '%s\n' "--- git commit" "$commit_out" "---"
grep -qF -- "$expected" <<<"$commit_out" || fail "bad plan: git commit's output lacks bfc's diagnostic"
[ "$(git rev-parse HEAD)" = "$head_before" ] || fail "bad plan: a commit was made"
git rm -q --cached bad.bf && rm -f bad.bf

# 3. A valid but badly formatted plan: bfc-fmt rewrites it in place to exactly what
#    `bfc fmt` prints and fails (files were modified); bfc-check passes; a second run passes.
# shellcheck disable=SC2016  # ${bizdate} is bfc syntax, kept literal
printf 'task   ugly{cycle=daily;command="echo ${bizdate}"  ;after=[ ];\n}\nbackfill   b{select=[ugly];dates=2024-03-01..2024-03-02;}\n' > ugly.bf
bfc check ugly.bf || fail "fixture: ugly.bf does not check"
bfc fmt - < ugly.bf > "$tmp/ugly.expected" || fail "fixture: bfc fmt - failed on ugly.bf"
cmp -s ugly.bf "$tmp/ugly.expected" && fail "fixture: ugly.bf is already formatted"
cp ugly.bf "$tmp/ugly.orig"
git add ugly.bf
run_pc run
if [ "$rc" -eq 0 ]; then
  fail "ugly plan: pre-commit run passed, expected bfc-fmt to fail"
else
  pass "ugly plan: pre-commit run fails (exit $rc)"
fi
grep -Eq '^bfc check\.+Passed' <<<"$out" || fail "ugly plan: bfc-check did not pass"
grep -Eq '^bfc fmt\.+Failed' <<<"$out" || fail "ugly plan: no 'bfc fmt...Failed' line"
grep -q 'files were modified by this hook' <<<"$out" || fail "ugly plan: pre-commit did not see the rewrite"
if cmp -s ugly.bf "$tmp/ugly.expected"; then
  pass "ugly plan: rewritten in place to bfc fmt's output"
else
  fail "ugly plan: ugly.bf is not bfc fmt's output:"
  diff -u "$tmp/ugly.expected" ugly.bf
fi
git add ugly.bf
run_pc run
[ "$rc" -eq 0 ] || fail "ugly plan: after git add, pre-commit run exited $rc, expected 0"
git commit -q -m "formatted plan" >/dev/null 2>&1 || fail "ugly plan: git commit of the formatted plan refused"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all pre-commit hook checks passed"
