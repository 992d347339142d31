# bfc-test: check --today 2024-04-01
task load { cycle = daily; command = "load ${bizdate}"; }
backfill f1 { select = [load]; dates = 2024-03-01..2024-03-05; }
backfill f2 { select = [load]; dates = 2024-03-04..2024-03-08; }
