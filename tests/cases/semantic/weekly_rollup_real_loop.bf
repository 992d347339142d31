# bfc-test: check --today 2024-06-01
# A daily task that reads the weekly instance of its own week cannot run before the week
# ends, yet its day barrier comes first: still an instance loop.
task d { cycle = daily; command = "d ${bizdate}"; }
task w { cycle = weekly(mon); after = [d]; command = "w ${bizdate}"; }
task r { cycle = daily; after = [w]; command = "r ${bizdate}"; }
backfill f { select = [d, w, r]; dates = 2024-01-01..2024-01-14; }
