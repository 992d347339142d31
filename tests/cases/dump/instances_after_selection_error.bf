# bfc-test: check --dump=selection,instances --today 2024-06-01
# The selection reported an error (a root the initiator may not backfill): no expansion.
workspace secure { members = ["bob"]; }

task a { workspace = secure; command = "a ${bizdate}"; }

backfill redo {
  as = "alice";
  select = [a];
  dates = 2024-03-01;
}
