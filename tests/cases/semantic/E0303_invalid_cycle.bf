# bfc-test: check --today 2024-04-01
task load { cycle = fortnightly; command = "x ${bizdate}"; }
task l2 { cycle = every(7m); command = "x ${bizdate}"; }
task l3 { cycle = weekly(funday); command = "x ${bizdate}"; }
