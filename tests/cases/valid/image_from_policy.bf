# bfc-test: compile --today 2024-04-01
# A backfill without an `image` takes its policy's: `load` runs in the policy's image,
# `report` in its own.
policy base { image = "registry.example.com/etl/base:1.0"; }
task load { cycle = daily; command = "load ${bizdate}"; }
task report {
  cycle = daily;
  after = [load];
  image = "registry.example.com/etl/report:2.3";
  command = "report ${bizdate}";
}
backfill b { use = base; select = [load, report]; dates = 2024-03-01; }
