# bfc-test: check --today 2024-04-01
param p = q;
param q = p;
task a { command = "a ${bizdate}"; }
backfill x { select = downstream(a) + sideways(a) + [a, 3]; dates = 2024-03-01; }
