# bfc-test: check --today 2024-06-01
# A weekly and a monthly rollup after a daily task belong to the day barrier of the last
# backfill date their interval covers: no instance loop serially, in parallel groups (a week
# split across two groups too) or in descending order.
task d { cycle = daily; command = "d ${bizdate}"; }
task w { cycle = weekly(mon); after = [d]; command = "w ${bizdate}"; }
task m { cycle = monthly(1); after = [d, w]; command = "m ${bizdate}"; }
backfill serial { select = [d, w, m]; dates = 2024-01-01..2024-01-14; }
backfill groups { select = [d, w, m]; dates = 2024-01-03..2024-01-16; parallel = 2; }
backfill down { select = [d, w, m]; dates = 2024-01-01..2024-01-14; order = descending; }
