# bfc-test: render --backfill last_week --instances --max-nodes 6 --today 2024-06-01 -o {tmp}/plan.svg {file}
# Seven days of two tasks are 14 instances, over the budget of 6 nodes: the instance view
# draws one node per task per group instead, and says so.
task extract {
  cycle = daily;
  command = "extract --date ${bizdate}";
}

task load {
  cycle = daily;
  after = extract;
  command = "load --date ${bizdate}";
}

backfill last_week {
  select = [extract, load];
  dates = 2024-05-01..2024-05-07;
}
