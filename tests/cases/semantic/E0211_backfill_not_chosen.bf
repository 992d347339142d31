# bfc-test: compile --today 2024-04-01 -o {tmp}/plan.json
task load { command = "load ${bizdate}"; }
backfill fix_march { select = [load]; dates = 2024-03-01; }
backfill fix_april { select = [load]; dates = 2024-04-01; }
