# bfc-test: check --today 2024-04-01
task load { cycle = cron("0 25 * * *"); command = "x ${bizdate}"; }
task l2 { cycle = cron("* *"); command = "x ${bizdate}"; }
