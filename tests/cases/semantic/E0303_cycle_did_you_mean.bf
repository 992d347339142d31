# bfc-test: check --today 2024-04-01
task t { cycle = daly; command = "run ${bizdate}"; }
task w { cycle = weekley(mon); command = "run ${bizdate}"; }
