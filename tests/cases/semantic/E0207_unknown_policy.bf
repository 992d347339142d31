# bfc-test: check --today 2024-04-01
task load { cycle = daily; command = "load ${bizdate}"; }
backfill b { use = gentel; select = [load]; dates = 2024-03-01; }
