# bfc-test: check --today 2024-04-01
task load { cycle = daily; command = "load ${bizdate}"; }
backfill b { select = [load] - [load]; dates = 2024-03-01; }
