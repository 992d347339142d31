# bfc-test: check --today 2024-04-01
task load { cycle = daily; command = "load ${bizdate}"; }
backfill f { select = [load]; dates = 2020-01-01..2024-03-01; }
