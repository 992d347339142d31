# bfc-test: check --dump=selection --today 2024-06-01
# Each task's role per backfill: run, dry-run between running tasks, dropped, not selected.
workspace secure { members = ["bob"]; }

task a { command = "a ${bizdate}"; }
task b { after = [a]; command = "b ${bizdate}"; }
task c { after = [b]; command = "c ${bizdate}"; }
task d { after = [c]; command = "d ${bizdate}"; }
task e { workspace = secure; after = [a]; command = "e ${bizdate}"; }
task g { after = [e]; command = "g ${bizdate}"; }
task h { workspace = secure; after = [c]; command = "h ${bizdate}"; }
task f { command = "f ${bizdate}"; }

backfill middle_excluded {
  as = "alice";
  select = downstream(a);
  exclude = [b, d];
  dates = 2024-03-01;
}

backfill just_f {
  select = [f];
  dates = 2024-03-01;
}
