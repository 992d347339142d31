# bfc-test: compile --today 2024-04-01
# The plan JSON lists the selected tasks the backfill leaves out: `report` for lack of
# permission (W0009), `audit` by the blacklist.
workspace etl {}
workspace finance { members = ["alice"]; }
task load { cycle = daily; workspace = etl; command = "load ${bizdate}"; }
task report { cycle = daily; workspace = finance; after = [load]; command = "report ${bizdate}"; }
task audit { cycle = daily; after = [load]; command = "audit ${bizdate}"; }
backfill b { as = "mallory"; select = downstream(load); exclude = [audit]; dates = 2024-03-01; }
