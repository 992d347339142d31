# bfc-test: check --today 2024-04-01
task load { cycle = daily; command = "load ${bizdate}"; }
backfill b { select = 42; dates = 2024-03-01; }
backfill c { select = frob(load); dates = 2024-03-01; }
