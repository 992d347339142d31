# bfc-test: check --today 2024-04-01
# `report` is downstream of `load`, but `mallory` may not run tasks of `finance` and it is
# not between two running tasks: it is dropped, and check says so.
workspace etl {}
workspace finance { members = ["alice"]; }
task load { cycle = daily; workspace = etl; command = "load ${bizdate}"; }
task report { cycle = daily; workspace = finance; after = [load]; command = "report ${bizdate}"; }
backfill b { as = "mallory"; select = downstream(load); dates = 2024-03-01; }
