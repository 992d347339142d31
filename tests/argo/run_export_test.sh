#!/bin/sh
# ctest argo.export: `bfc export PLAN.json --to argo` of every example backfill that
# compiles, of tests/argo/hostile.bf and of random plans, each checked by check_export.py;
# plus the failures `bfc export` must report (exit 1, no output file).
#
#   tests/argo/run_export_test.sh BFC_BINARY
#
# Environment: PYTHON (default /usr/bin/python3: needs PyYAML and jsonschema >= 4),
# ARGO_RANDOM_PLANS (default 20), ARGO_SEED (default 1), ARGO_KEEP=1 keeps the work dir.
# Prints one line per check; every skipped input is printed with its reason.
set -u
BFC=${1:?usage: run_export_test.sh BFC_BINARY}
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
PY=${PYTHON:-/usr/bin/python3}
N=${ARGO_RANDOM_PLANS:-20}
SEED=${ARGO_SEED:-1}
TODAY=2024-06-01
IMAGE=busybox:1.36

fail=0
passed=0
refused=0
note() { printf '%s\n' "$*"; }
bad() { printf 'FAIL  %s\n' "$*"; fail=$((fail + 1)); }
good() { printf 'ok    %s\n' "$*"; passed=$((passed + 1)); }

if ! "$PY" -c 'import yaml, jsonschema; jsonschema.Draft202012Validator' 2>/dev/null; then
  note "FAIL  $PY cannot import yaml and jsonschema>=4 (Debian: python3-yaml python3-jsonschema; set PYTHON)"
  exit 1
fi
if ! "$BFC" export --help >/dev/null 2>&1; then
  note "FAIL  $BFC has no working \`export\` subcommand (\`bfc export --help\` failed): nothing to test"
  exit 1
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/argo-export.XXXXXX")
if [ "${ARGO_KEEP:-0}" = 1 ]; then note "work dir: $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi

# export_and_check LABEL PLAN: export with -o, check the output.
export_and_check() {
  label=$1 plan=$2 out=${2%.json}.argo.yaml
  rm -f "$out"
  "$BFC" export "$plan" --to argo --image "$IMAGE" -o "$out" >"$WORK/export.log" 2>&1
  rc=$?
  if [ $rc -eq 1 ] && grep -q 'wait for each other the other way' "$WORK/export.log" &&
    [ ! -e "$out" ]; then
    # docs/argo.md: days of two groups that depend on each other both ways have no Argo form.
    note "REFUSED $label (documented: groups whose days wait for each other both ways)"
    refused=$((refused + 1))
    return
  fi
  if [ $rc -ne 0 ]; then
    bad "$label: bfc export exited $rc ($(head -c 400 "$WORK/export.log" | tr '\n' ' '))"
    return
  fi
  if [ ! -s "$out" ]; then bad "$label: bfc export wrote no $out"; return; fi
  if "$PY" "$HERE/check_export.py" "$plan" "$out" --image "$IMAGE" >"$WORK/check.log" 2>&1; then
    good "$label"
  else
    bad "$label: check_export.py:"
    sed -n '1,40p' "$WORK/check.log" | sed 's/^/        /'
  fi
}

compile() {  # compile LABEL OUT BF [--backfill NAME]
  label=$1 out=$2 bf=$3
  shift 3
  if "$BFC" compile "$bf" "$@" --today "$TODAY" -o "$out" >"$WORK/compile.log" 2>&1; then return 0; fi
  return 1
}

# 1. Examples: every backfill of every examples/*.bf.
for bf in "$SRC"/examples/*.bf; do
  base=$(basename "$bf" .bf)
  for b in $(sed -n 's/^backfill \([A-Za-z_][A-Za-z0-9_]*\).*/\1/p' "$bf"); do
    plan="$WORK/ex_${base}_$b.json"
    if compile "example $base/$b" "$plan" "$bf" --backfill "$b"; then
      export_and_check "examples/$base.bf --backfill $b" "$plan"
    else
      note "SKIP  examples/$base.bf --backfill $b does not compile with --today $TODAY: $(grep -m1 'error' "$WORK/compile.log")"
    fi
  done
done

# 2. The hostile commands.
if compile hostile "$WORK/hostile.json" "$HERE/hostile.bf"; then
  export_and_check "tests/argo/hostile.bf" "$WORK/hostile.json"
  # -o - writes the same manifests to standard output.
  if "$BFC" export "$WORK/hostile.json" --to argo --image "$IMAGE" -o - >"$WORK/stdout.yaml" 2>"$WORK/export.log" \
     && cmp -s "$WORK/stdout.yaml" "$WORK/hostile.argo.yaml"; then
    good "hostile.bf: -o - writes the same bytes as -o FILE"
  else
    bad "hostile.bf: -o - failed or differs from -o FILE"
  fi
else
  bad "tests/argo/hostile.bf does not compile: $(grep -m1 error "$WORK/compile.log")"
fi

# 3. Random plans.
mkdir -p "$WORK/random"
if "$PY" "$HERE/random_plans.py" "$WORK/random" "$N" --seed "$SEED" --bfc "$BFC" --today "$TODAY" \
     >"$WORK/random.list" 2>"$WORK/random.log"; then
  good "random_plans.py: $(tail -n1 "$WORK/random.log")"
else
  bad "random_plans.py: $(tail -n1 "$WORK/random.log")"
fi
grep '^dropped' "$WORK/random.log" | sed 's/^/SKIP  /'
for plan in $(cat "$WORK/random.list"); do
  export_and_check "random $(basename "$plan" .plan.json) (seed $SEED)" "$plan"
done

# 4. Inputs bfc export must refuse: exit 1 (2 for a file that cannot be read, as every bfc
# command) and no output file.
refuse() {  # refuse LABEL PLAN [EXPECTED_EXIT [EXPORT_OPTIONS...]]
  label=$1 plan=$2 want=${3:-1}
  shift 2
  [ $# -gt 0 ] && shift
  [ $# -eq 0 ] && set -- --image "$IMAGE"
  out="$WORK/refused.yaml"
  rm -f "$out"
  "$BFC" export "$plan" --to argo "$@" -o "$out" >"$WORK/export.log" 2>&1
  rc=$?
  if [ "$rc" -eq "$want" ] && [ ! -e "$out" ]; then
    good "$label: exit $want, no output ($(head -n1 "$WORK/export.log"))"
  else
    bad "$label: expected exit $want and no output file, got exit $rc$( [ -e "$out" ] && echo ', and an output file')"
  fi
  if ls -A "$WORK" | grep -v '^refused\.yaml$' | grep -q 'refused'; then
    bad "$label: a temporary output file was left behind"
  fi
}
if [ -f "$WORK/hostile.json" ]; then
  "$PY" - "$WORK/hostile.json" "$WORK/empty_argv.json" <<'EOF'
import json, sys
plan = json.load(open(sys.argv[1], encoding="utf-8"))
inst = next(i for i in plan["instances"] if isinstance(i["command"], list))
inst["command"] = []
json.dump(plan, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
EOF
  refuse "a plan with a list command []" "$WORK/empty_argv.json"
else
  bad "no hostile plan to derive the invalid plan from"
fi
refuse "a missing plan file" "$WORK/does-not-exist.json" 2
if [ -f "$WORK/hostile.json" ]; then
  refuse "a plan with instances that have no image and no --image" "$WORK/hostile.json" 1 --name x
fi

note "argo.export: $passed passed, $fail failed, $refused refused as documented"
# A refusal is legitimate only for the documented case, and must stay the exception.
if [ $((refused * 5)) -gt "$N" ]; then
  note "FAIL  $refused of $N random plans refused: more than one in five"
  fail=$((fail + 1))
fi
[ "$fail" -eq 0 ]
