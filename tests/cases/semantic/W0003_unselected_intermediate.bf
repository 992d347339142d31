# bfc-test: plan --today 2024-04-01
# `m` lives in another workspace, so `downstream(r) & workspace(w1)` does not select it;
# it lies between `r` and `c`, so it is dry-run and `c` still waits for it.
workspace w1 {}
workspace w2 {}
task r { cycle = daily; workspace = w1; command = "r ${bizdate}"; }
task m { cycle = daily; workspace = w2; after = [r]; command = "m ${bizdate}"; }
task c { cycle = daily; workspace = w1; after = [m]; command = "c ${bizdate}"; }
task x { cycle = daily; workspace = w2; after = [c]; command = "x ${bizdate}"; }
backfill f { select = downstream(r) & workspace(w1); dates = 2024-03-01..2024-03-02; }
