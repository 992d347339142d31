# bfc-test: none
# A plan of tests/cases/multi: imports lib.bf, declares `load` as the other plans do.
import "lib.bf";
task load { cycle = daily; after = [shared]; command = "load ${bizdate}"; }
backfill daily_fix { select = [load]; dates = 2024-03-01..2024-03-02; }
