# bfc-test: diff diff/base.bf {file} --today 2024-06-01
# A side that does not compile: its diagnostics, then exit 2 (diff reports, it does not judge).
task load { cycle = daly; command = "load --dt ${bizdate}"; }
backfill fix { select = [load]; dates = 2024-03-04..2024-03-12; }
