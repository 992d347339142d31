# bfc-test: plan --today 2024-04-01
task load { command = "load ${bizdate}"; }
