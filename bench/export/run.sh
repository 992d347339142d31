#!/usr/bin/env bash
# The acceptance benchmark of issue 14: `bfc export --to argo` of the 730k-instance layered
# plan (2,000 tasks x 365 days, bench/sema/gen_layered.py) in at most 15 s and 2 GiB, every
# object within Argo's and Kubernetes' limits.
#
#   bench/export/run.sh [BFC] [REPEATS]      (default: build/cli/bfc, 3)
#
# Prints the time and peak RSS of each run, then, from the output itself (awk, one pass):
# the number of documents, the largest document in bytes (limit: under 1,000,000), the most
# tasks in one DAG (limit 200) and the most templates in one document (limit 200). The full
# schema and graph check of tests/argo is too slow for 900 MB of YAML in Python; it runs on
# smaller plans in ctest.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bfc="$(realpath "${1:-$here/../../build/cli/bfc}")"
reps="${2:-3}"
work="$(mktemp -d /tmp/bfc_export_bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 "$here/../sema/gen_layered.py" --tasks 2000 --days 365 > plan.bf
"$bfc" compile plan.bf --today 2024-06-01 -o plan.json
for ((i = 0; i < reps; i++)); do
  /usr/bin/time -f '%e s, %M KB' -o t.txt "$bfc" export plan.json --to argo --image busybox:1.36 \
    -o plan.yaml 2> err.txt
  echo "export: $(cat t.txt) ($(tail -1 err.txt))"
done
echo "output: $(stat -c %s plan.yaml) bytes"
awk '
  function doc_end() {
    if (bytes > max_bytes) max_bytes = bytes
    if (templates > max_templates) max_templates = templates
    if (tasks > max_tasks) max_tasks = tasks
  }
  /^---$/ { if (docs++) doc_end(); bytes = 0; templates = 0; tasks = 0; next }
  { bytes += length($0) + 1 }
  /^    - name: / { templates++; doc_end(); tasks = 0 }   # an entry of spec.templates
  /^          - name: / { tasks++ }                     # a task of a template'"'"'s DAG
  END {
    doc_end()
    printf "documents %d; largest %d bytes (limit < 1000000); most templates in a document %d (limit 200); most tasks in a DAG %d (limit 200)\n", docs, max_bytes, max_templates, max_tasks
    exit !(max_bytes < 1000000 && max_templates <= 200 && max_tasks <= 200)
  }' plan.yaml
