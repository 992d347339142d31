# bfc-test: check --today 2024-04-01
task t0 { cycle = daily; command = "t0 ${bizdate}"; }
task t1 { cycle = daily; command = "t1 ${bizdate}"; }
task t2 { cycle = daily; command = "t2 ${bizdate}"; }
task t3 { cycle = daily; command = "t3 ${bizdate}"; }
backfill b { select = matching("t*"); dates = 2024-03-01; limits { roots = 2; } }
