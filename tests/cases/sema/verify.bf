# bfc-test: check --today 2024-04-01
workspace locked { members = ["bob"]; }
task x { command = "x ${bizdate}"; }
task y { after = [x]; self_dependent = true; command = "y ${bizdate}"; }
task s { workspace = locked; command = "s ${bizdate}"; }
task m { after = [x]; workspace = locked; command = "m ${bizdate}"; }
task z { after = [m]; command = "z ${bizdate}"; }
backfill perm { as = "alice"; select = [s]; dates = 2024-03-01; }
backfill empty { select = matching("nothing*"); dates = 2024-03-01; }
backfill fut { select = [x]; dates = 2030-01-01; }
task x2 { command = "x2 ${bizdate}"; }
backfill many { select = [x, y]; dates = 2022-01-01..2023-12-31; parallel = 2; limits { instances = 100; } }
backfill tworoots { select = [x, x2]; dates = 2024-03-01; limits { roots = 1; tasks = 1; } }
backfill dry { as = "alice"; select = [x, m, z]; dates = 2024-03-01; }
backfill dup { as = "alice"; select = [x, z]; dates = 2024-03-01; }
