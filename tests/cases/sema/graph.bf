# bfc-test: check --today 2024-04-01
workspace locked { members = ["bob"]; }
task x { command = "x ${bizdate}"; }
task y { after = [x]; self_dependent = true; command = "INSERT INTO t SELECT ${bizdate}"; }
task h { cycle = hourly; command = "h ${interval_start}"; }
task d { after = [h]; command = "d ${bizdate}"; }
task s { workspace = locked; command = "s ${bizdate}"; }
task nodate { command = "vacuum"; }
backfill desc { select = [x, y]; dates = 2024-03-01..2024-03-03; order = descending; }
backfill iso { select = [h, d]; dates = 2024-03-01; hours = 00:00..11:59; }
