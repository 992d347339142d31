# bfc-test: plan --format json --today 2024-03-10
# `plan --format json`: the summary as one JSON document (docs/plan.md).
workspace etl { members = ["alice"]; }
task a { workspace = etl; cycle = daily; priority = 3; command = "load-a ${bizdate}"; }
task b { cycle = daily; after = [a]; command = ["load-b", "--date", "${bizdate}"]; }
backfill fix {
  as = "alice";
  select = [a, b];
  dates = 2024-03-01..2024-03-02;
  throttle = 5s;
}
