# bfc-test: check --format json --today 2024-04-01 {file} multi/plans/daily.bf multi/plans/sub/weekly.bf
# Several files: each its own plan with its imports; one JSON document for all of them.
task load { cycle = daily; command = "load ${bizdate}"; }
