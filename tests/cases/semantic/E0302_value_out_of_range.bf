# bfc-test: check --today 2024-04-01
task load { cycle = daily; command = "load ${bizdate}"; priority = 4;}
backfill b { select = [load]; dates = 2024-03-01; parallel = 0; }
