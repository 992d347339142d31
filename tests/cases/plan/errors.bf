# bfc-test: plan --today 2024-04-01
# A plan with errors prints no summary: stdout says so, the diagnostics follow, exit 1.
task load { cycle = daily; command = "load ${bizdate}"; self_dependent = true; }
backfill b { select = [load]; dates = 2024-03-01..2024-03-10; order = descending; }
