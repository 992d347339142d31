# bfc-test: check --today 2024-04-01 {file} multi/plans
# A directory: every .bf file under it (sorted, recursive) is its own plan, as is this file.
# All declare `load` (no "declared twice"); the diagnostics of all plans come out together.
task load { cycle = daily; command = "load ${bizdate}"; }
