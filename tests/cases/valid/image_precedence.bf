# bfc-test: compile --today 2024-04-01
# `image`: a task's own wins over the backfill's, which wins over the policy's it uses.
# `report` runs in its own image, `load` in the backfill's; the policy's is overridden.
policy base { image = "registry.example.com/etl/base:1.0"; }
task load { cycle = daily; command = "load ${bizdate}"; }
task report {
  cycle = daily;
  after = [load];
  image = "registry.example.com/etl/report@sha256:0123abcd";
  command = ["report", "--date", "${bizdate}"];
}
backfill b {
  use = base;
  image = "registry.example.com/etl/backfill:2024-04";
  select = [load, report];
  dates = 2024-03-01;
}
