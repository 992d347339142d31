# bfc-test: check --today 2024-04-01
workspace etl {}
workspace etl {}
param dt = fmt(bizdate, "%Y-%m-%d");
task load { workspace = elt; command = "load ${dt}"; }
task sum { after = [lod]; command = "sum ${dt}"; }
task nocmd { cycle = daily; }
backfill b { use = gentel; select = [load]; dates = 2024-03-01; }
