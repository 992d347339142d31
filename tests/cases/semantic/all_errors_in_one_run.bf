# bfc-test: check --today 2024-04-01
# Four independent mistakes, all reported by one run; the misspelled `comand` does not
# add a second error saying the task has no `command`.
task load {
  cycle = daly;
  retrys = 2;
  comand = "load ${bizdate}";
}
backfill b {
  select = [load, lod];
  dates = 2024-03-01..2024-03-03;
  order = descend;
}
