# bfc-test: check --format gitlab --today 2024-04-01
# No findings: the Code Quality report is the empty array `[]` (and exit 0).
task load { cycle = daily; command = "load --date ${bizdate}"; }

backfill b { select = [load]; dates = 2024-03-01..2024-03-02; }
