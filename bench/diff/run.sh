#!/usr/bin/env bash
# The acceptance benchmark of issue 13: `bfc diff` of two versions of the 730k-instance
# layered plan (2,000 tasks x 365 days, bench/sema/gen_layered.py) where 10 tasks' commands
# changed, in <= 3 s and <= 1.5 GiB; `bfc run --amend` of a 730k-instance state in <= 5 s.
#
#   bench/diff/run.sh [BFC] [REPEATS]      (default: build/cli/bfc, 3)
#
# Takes ~5 minutes with REPEATS=2 when plans load on rapidjson's fast path (sax_reader.cpp),
# much longer when they fall back to nlohmann + valijson (2026-12-02: ~70 s per diff).
#
# Steps, each run REPEATS times (the machine may be shared: min and max are printed):
#   compile   v1.bf -> v1.json, v2.bf -> v2.json (for reference: part of what (a) does twice)
#   (a)       bfc diff v1.bf v2.bf --format json         (compiles both sides, then diffs)
#   (b)       bfc diff v1.json v2.json --format json     (parses both plans, then diffs)
#   (b')      the same with --format text and --format markdown
#   (c)       the Markdown report's size: at most 65,536 characters (GitHub's comment limit)
#   (d)       bfc run v2.json --state S --amend on a state of v1 where all 730k succeeded
# Output goes to /dev/null through the shell (-o writes atomically, via a temporary file).
#
# The v1 state is made without running 730k processes: `bfc run v1.json` initialises it (one
# transaction inserting every instance); the script stops it with SIGTERM at its
# "bfc: running" line (before that line no attempt has started), then sets every instance to
# succeeded with sqlite3 and removes the few attempts the runner may have started. Each (d)
# repetition amends a fresh copy of that state.
#
# What (d) times: from starting `bfc run v2.json --state COPY --amend` to its
# "bfc: running" line on stderr. Before that line bfc has loaded the plan, opened the state,
# compared it with the plan (reconcile), printed the "bfc: amend:" lines, rewritten the
# instances table in one transaction (amend_to) and committed it; after the line the
# scheduler starts attempts, which is not part of the amend. The script then stops the run
# with SIGTERM and checks the amend's audit row. It also prints where the time to the
# "bfc: amend:" line (plan load + reconcile) ends, so plan loading and the rewrite show
# separately. Peak RSS is the process's whole life (ru_maxrss via wait4), which includes the
# few started attempts' bookkeeping but not their children.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bfc="$(realpath "${1:-$here/../../build/cli/bfc}")"
reps="${2:-3}"
today=2024-06-01
work="$(mktemp -d /tmp/bfc_diff_bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cd "$work"

# --- the two plans ----------------------------------------------------------------------
python3 "$here/../sema/gen_layered.py" --tasks 2000 --days 365 > v1.bf
# 10 tasks spread over the DAG (layers 2..38 of 40) get a different command, so that a good
# part of the plan is downstream of a change (affected), as in a real edit of shared tasks.
changed_tasks="t100 t300 t500 t700 t900 t1100 t1300 t1500 t1700 t1900"
sed_expr=""
for t in $changed_tasks; do
  sed_expr+="s/(TABLE ${t} PARTITION \(dt='\\\$\{dt\}'\) SELECT) 1\"/\1 2\"/;"
done
sed -E "$sed_expr" v1.bf > v2.bf
n_changed=$(diff v1.bf v2.bf | grep -c '^>' || true)
if [[ $n_changed -ne 10 ]]; then
  echo "error: expected 10 changed command lines in v2.bf, got $n_changed" >&2
  exit 1
fi

# --- measuring ----------------------------------------------------------------------------
# measure LABEL TARGET_S TARGET_MB CMD...: runs CMD REPEATS times (stdout to /dev/null),
# records "LABEL|target|min s|max s|max MiB" in results.txt.
: > results.txt
record() {  # LABEL TARGET_S TARGET_MB FILE_WITH_"secs kb"_LINES
  awk -v l="$1" -v ts="$2" -v tm="$3" '
    NR == 1 { lo = $1; hi = $1; mem = $2 }
    { if ($1 < lo) lo = $1; if ($1 > hi) hi = $1; if ($2 > mem) mem = $2 }
    END {
      mib = mem / 1024
      verdict = "-"
      if (ts != "-") {
        ok = (hi <= ts) && (tm == "-" || mib <= tm)
        okmin = (lo <= ts) && (tm == "-" || mib <= tm)
        verdict = ok ? "met" : (okmin ? "met at min only" : "NOT met")
      }
      printf "%s|%s|%.2f|%.2f|%.0f|%s\n", l, (ts == "-" ? "" : ts " s" (tm == "-" ? "" : ", " tm " MiB")), lo, hi, mib, verdict
    }' "$4" >> results.txt
}
measure() {
  local label=$1 ts=$2 tm=$3; shift 3
  : > samples.txt
  for ((i = 0; i < reps; i++)); do
    /usr/bin/time -f '%e %M' -o t.txt "$@" > /dev/null 2> err.txt || {
      echo "error: $label failed:" >&2; cat err.txt >&2; exit 1; }
    tail -1 t.txt >> samples.txt
  done
  record "$label" "$ts" "$tm" samples.txt
  echo "done: $label ($(awk '{printf "%s s/%d MiB  ", $1, $2/1024}' samples.txt))" >&2
}

measure "compile v1.bf -> v1.json" - - "$bfc" compile v1.bf --today $today -o v1.json
measure "compile v2.bf -> v2.json" - - "$bfc" compile v2.bf --today $today -o v2.json
printf 'plan JSON: %.0f MiB each\n' "$(echo "$(stat -c %s v1.json) / 1048576" | bc -l)" >&2
measure "(a) diff v1.bf v2.bf --format json" 3 1536 \
  "$bfc" diff v1.bf v2.bf --today $today --format json
measure "(b) diff v1.json v2.json --format json" 3 1536 \
  "$bfc" diff v1.json v2.json --format json
measure "(b') diff v1.json v2.json --format text" 3 1536 \
  "$bfc" diff v1.json v2.json --format text
measure "(b') diff v1.json v2.json --format markdown" 3 1536 \
  "$bfc" diff v1.json v2.json --format markdown

"$bfc" diff v1.json v2.json --format json > diff.json
"$bfc" diff v1.json v2.json --format markdown > diff.md
python3 - diff.json <<'PY' >&2
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
print("diff summary:", {k: s[k] for k in ("added", "removed", "changed", "affected", "unchanged")})
PY
md_chars=$(python3 -c 'import sys; print(len(open(sys.argv[1], encoding="utf-8").read()))' diff.md)
md_verdict=$([[ $md_chars -le 65536 ]] && echo met || echo "NOT met")

# --- (d) amend ------------------------------------------------------------------------------
# run_until_running LOG CMD...: starts CMD, prints "SECS_TO_AMEND_LINE SECS_TO_RUNNING_LINE
# MAXRSS_KB" once it printed "bfc: running" and was stopped with SIGTERM.
cat > until_running.py <<'PY'
import os, signal, subprocess, sys, time
log = open(sys.argv[1], "w")
t0 = time.monotonic()
p = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
amend = running = None
for line in p.stderr:
    log.write(line)
    now = time.monotonic() - t0
    if amend is None and line.startswith("bfc: amend:"):
        amend = now
    if line.startswith("bfc: running"):
        running = now
        p.send_signal(signal.SIGTERM)
        break
for line in p.stderr:  # drain until exit
    log.write(line)
_, status, ru = os.wait4(p.pid, 0)
p.returncode = 0
if running is None:
    sys.exit("bfc stopped before its 'bfc: running' line (see %s)" % sys.argv[1])
print("%.3f %.3f %d" % (amend if amend is not None else -1, running, ru.ru_maxrss))
PY

python3 until_running.py init.log "$bfc" run v1.json --state v1.db --logs logs1 > /dev/null
sqlite3 v1.db > /dev/null <<'SQL'
DELETE FROM attempts;
UPDATE instances SET status='succeeded', attempts=1, failures=0, fail_kind=NULL, reason=NULL;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
rm -f v1.db-wal v1.db-shm
echo "v1 state: $(sqlite3 v1.db "SELECT count(*) FROM instances WHERE status='succeeded'") succeeded instances" >&2

: > samples.txt
: > amend_line.txt
for ((i = 0; i < reps; i++)); do
  cp v1.db s.db
  read -r to_amend to_running kb < <(python3 until_running.py amend.log \
    "$bfc" run v2.json --state s.db --logs logs2 --amend)
  echo "$to_running $kb" >> samples.txt
  echo "$to_amend" >> amend_line.txt
  sqlite3 s.db "SELECT count(*) FROM audit WHERE action='amend'" | grep -qx 1 || {
    echo "error: no amend audit row" >&2; cat amend.log >&2; exit 1; }
  rm -f s.db s.db-wal s.db-shm
  echo "done: (d) amend ($to_amend s to the amend line, $to_running s to 'running', $((kb / 1024)) MiB)" >&2
done
record "(d) run v2.json --amend (to 'bfc: running')" 5 - samples.txt
grep '^bfc: amend' amend.log | cut -c1-200 >&2
awk '{ if (NR == 1 || $1 < lo) lo = $1; if ($1 > hi) hi = $1 }
     END { printf "    of which: to the bfc: amend: line||%.2f|%.2f||\n", lo, hi }' \
  amend_line.txt >> results.txt

# --- results ----------------------------------------------------------------------------------
echo
printf '%-50s %-18s %8s %8s %9s  %s\n' step target "min s" "max s" "peak MiB" verdict
awk -F'|' '{ printf "%-50s %-18s %8s %8s %9s  %s\n", $1, $2, $3, $4, $5, $6 }' results.txt
printf '%-50s %-18s %8s %8s %9s  %s\n' "(c) markdown size (characters)" "<= 65536" "$md_chars" "" "" "$md_verdict"
