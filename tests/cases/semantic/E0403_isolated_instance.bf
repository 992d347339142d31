# bfc-test: check --today 2024-04-01
task h { cycle = hourly; command = "h ${interval_start}"; }
task d { cycle = daily; after = [h]; command = "d ${bizdate}"; }
backfill b { select = [h, d]; dates = 2024-03-01; hours = 00:00..11:59; }
