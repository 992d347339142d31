# bfc-test: check --today 2024-04-01
task load { cycle = daily; command = "load ${bizdate}"; }
backfill b { select = [load]; dates = 2024-03-01; window = 22:00; hours = 12:00..12:00; }
