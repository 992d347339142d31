# bfc-test: compile --today 2024-03-02
# run_future: the instances of dates after --today carry `not_before` = their cyctime, when
# the runner may start them (today's do not: DataWorks runs them at once).
task load { at = 00:30; command = "load ${bizdate}"; }
backfill ahead {
  select = [load];
  dates = 2024-03-02..2024-03-03;
  run_future = true;
}
