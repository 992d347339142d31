# bfc-test: check --dump=instances --today 2024-06-01
# Each instance with its group, bizdate, mode, deps (in the plan and external) and the day
# barrier it waits behind.
task extract { cycle = every(12h); command = "extract ${interval_start}"; }
task load { after = [extract, load[-1d]]; command = "load ${bizdate}"; }
task report { after = [load]; command = "report ${bizdate}"; }

backfill redo {
  select = [extract, load, report];
  exclude = [load];
  dates = 2024-03-01..2024-03-03;
  parallel = 2;
}
