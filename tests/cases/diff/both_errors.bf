# bfc-test: diff {file} diff/errors.bf --today 2024-06-01
# Both sides fail to compile (they compile at the same time, in two processes): only the old
# side's diagnostics are shown, as if they had compiled one after the other.
task load { cycle = hourly; command = "load --dt ${bizdate}"; after = [nothing]; }
backfill fix { select = [load]; dates = 2024-03-04..2024-03-12; }
