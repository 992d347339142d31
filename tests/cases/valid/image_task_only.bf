# bfc-test: compile --today 2024-04-01
# With no image on the backfill or a policy, only the task that names one has one: the
# other instances have no "image" key at all.
task load { cycle = daily; command = "load ${bizdate}"; }
task report { cycle = daily; after = [load]; image = "report:2.3"; command = "report ${bizdate}"; }
backfill b { select = [load, report]; dates = 2024-03-01; }
