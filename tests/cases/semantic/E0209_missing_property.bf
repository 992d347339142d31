# bfc-test: check --today 2024-04-01
task load { cycle = daily; }
backfill b { dates = 2024-03-01; }
