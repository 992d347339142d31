# bfc-test: check --today 2024-04-01
param p = bizdate + "x";
param q = fmtt(bizdate, "%Y");
param r = add_months(bizdate);
task a { cycle = every(7m); priority = 4; command = "a ${dt} ${HOME}"; retries = "x"; }
task b { cycle = cron("0 25 * * *"); command = "b ${bizdate}"; timeout = 0s; }
policy p1 { window = 22:00; parallel = 0; }
backfill x { select = downstream(a) + sideways(b); dates = 2024-03-01; }
