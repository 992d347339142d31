# bfc-test: check --today 2024-04-01 --error-limit 2
# Five unknown tasks; only the first two errors are shown.
task t { command = "run ${bizdate}"; }
backfill b { select = [t1, t2, t3, t4, t5]; dates = 2024-03-01..2024-03-02; }
