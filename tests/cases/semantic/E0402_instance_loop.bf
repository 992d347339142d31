# bfc-test: check --today 2024-04-01
task load { cycle = daily; command = "load ${bizdate}"; self_dependent = true;}
backfill b { select = [load]; dates = 2024-03-01..2024-03-03; order = descending; }
