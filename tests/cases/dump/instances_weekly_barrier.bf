# bfc-test: check --dump=instances --today 2024-06-01
# A weekly rollup waits behind the day barrier of the last date its week covers (2024-01-07),
# not of its bizdate.
task d { cycle = daily; command = "d ${bizdate}"; }
task w { cycle = weekly(mon); after = [d]; command = "w ${bizdate}"; }
backfill f { select = [d, w]; dates = 2024-01-01..2024-01-09; }
