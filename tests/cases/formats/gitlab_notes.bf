# bfc-test: check --format gitlab
# The same diagnostics in each output format (see the other files in this folder).
task load {
  cycle = daily;
  comand = "ingest";
  cycle = hourly;
}

backfill b {
  select = [load]
  dates = 2024-03-01;
}

policy p { window = 22:00..25:00; }
