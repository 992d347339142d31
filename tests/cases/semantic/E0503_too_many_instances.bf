# bfc-test: check --today 2024-04-01
task h { cycle = every(15m); command = "h ${interval_start}"; }
backfill b { select = [h]; dates = 2024-03-01..2024-03-10; limits { instances = 100; } }
