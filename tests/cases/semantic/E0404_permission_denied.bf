# bfc-test: check --today 2024-04-01
workspace etl { members = ["alice"]; }
task load { cycle = daily; command = "load ${bizdate}"; workspace = etl;}
backfill b { as = "mallory"; select = [load]; dates = 2024-03-01; }
