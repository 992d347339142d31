# bfc-test: diff diff/nope.json {file} --today 2024-06-01
# An unreadable side is exit 2 with its name.
task load { cycle = daily; command = "load ${bizdate}"; }
backfill fix { select = [load]; dates = 2024-03-04; }
