# bfc-test: plan --today 2024-04-01
# Non-contiguous dates are shown as their runs, never as one range over the gaps.
task load { command = "load ${bizdate}"; }
backfill feeds {
  select = [load];
  dates = 2024-02-10..2024-02-12, 2024-02-15, 2024-02-20..2024-02-23;
  order = descending;
}
