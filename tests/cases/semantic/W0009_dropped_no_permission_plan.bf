# bfc-test: plan --today 2024-04-01
# The plan summary lists the task dropped for lack of permission.
workspace etl {}
workspace finance { members = ["alice"]; }
task load { cycle = daily; workspace = etl; command = "load ${bizdate}"; }
task report { cycle = daily; workspace = finance; after = [load]; command = "report ${bizdate}"; }
backfill b { as = "mallory"; select = downstream(load); dates = 2024-03-01; }
