# bfc-test: compile --backfill nope --today 2024-04-01
task load { command = "load ${bizdate}"; }
backfill b { select = [load]; dates = 2024-03-01; }
