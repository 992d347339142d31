#!/usr/bin/env bash
# Start-up of `bfc run` and `bfc status` on a large plan (issue 15, item 3): the time from
# launch to the runner's `bfc: running` line on a fresh state and on a resume, `bfc status`
# on that state, and the peak RSS of each.
#
#   bench/runtime/startup.sh [BFC] [ROUNDS]     (defaults: build/cli/bfc, 3)
#
# The plan is 2,000 layered tasks x 365 days = 730,000 instances (bench/sema/gen_layered.py),
# compiled once into a work directory. Every round starts the runner on a deleted state
# (fresh), stops it with SIGTERM at its `bfc: running` line, starts it again on that state
# (resume: the plan cache beside the state is used), then runs `bfc status` on the state.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bfc=$(realpath "${1:-$root/build/cli/bfc}")
rounds=${2:-3}
work=${BENCH_WORK:-/tmp/bfc-startup-bench}
mkdir -p "$work"
cd "$work"

if [[ ! -s plan.json ]]; then
  python3 "$root/bench/sema/gen_layered.py" --tasks 2000 --days 365 > plan.bf
  "$bfc" compile plan.bf --today 2026-12-01 -o plan.json
fi
echo "plan: $(stat -c %s plan.json) bytes of JSON"

# until_running.py LOG CMD...: starts CMD, prints "SECS_TO_RUNNING_LINE MAXRSS_KB" once it
# printed "bfc: running" and was stopped with SIGTERM.
cat > until_running.py <<'PY'
import os, signal, subprocess, sys, time
log = open(sys.argv[1], "w")
t0 = time.monotonic()
p = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
running = None
for line in p.stderr:
    log.write(line)
    if line.startswith("bfc: running"):
        running = time.monotonic() - t0
        p.send_signal(signal.SIGTERM)
        break
for line in p.stderr:  # drain until exit
    log.write(line)
_, status, ru = os.wait4(p.pid, 0)
if running is None:
    sys.exit("bfc stopped before its 'bfc: running' line (see %s)" % sys.argv[1])
print("%.3f %d" % (running, ru.ru_maxrss))
PY

# timed CMD...: runs CMD with its output discarded, prints "SECS MAXRSS_KB".
timed() {
  python3 - "$@" <<'PY'
import os, subprocess, sys, time
t0 = time.monotonic()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, ru = os.wait4(p.pid, 0)
print("%.3f %d" % (time.monotonic() - t0, ru.ru_maxrss))
PY
}

printf '%-6s %-22s %-22s %-22s\n' round "fresh (s, MiB)" "resume (s, MiB)" "status (s, MiB)"
for ((r = 1; r <= rounds; r++)); do
  rm -rf state.db* logs
  read -r fresh fresh_kb < <(python3 until_running.py fresh.log "$bfc" run plan.json \
    --state state.db --logs logs)
  read -r resume resume_kb < <(python3 until_running.py resume.log "$bfc" run plan.json \
    --state state.db --logs logs)
  read -r status status_kb < <(timed "$bfc" status plan.json --state state.db)
  printf '%-6s %-22s %-22s %-22s\n' "$r" "$fresh $((fresh_kb / 1024))" \
    "$resume $((resume_kb / 1024))" "$status $((status_kb / 1024))"
done
echo "targets: fresh <= 2 s, resume <= 1 s, status <= 0.5 s, peak RSS <= 600 MiB"
