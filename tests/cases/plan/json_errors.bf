# bfc-test: plan --format json --today 2024-04-01
# `plan --format json` on a plan with errors: `has_errors: true` and no summary, exit 1.
task load { cycle = daily; command = "load ${bizdate}"; self_dependent = true; }
backfill b { select = [load]; dates = 2024-03-01..2024-03-10; order = descending; }
