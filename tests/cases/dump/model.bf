# bfc-test: check --dump=model
# The resolved model: defaults filled in, the policy applied to the backfill.
workspace etl { members = ["alice"]; }

param day = fmt(bizdate, "%Y-%m-%d");

task extract {
  workspace = etl;
  cycle = hourly;
  tags = ["core"];
  command = ["extract", "--hour", "${interval_start}"];
}

task load {
  workspace = etl;
  at = 01:30;
  after = [extract, load[-1d]];
  retries = 2;
  retry_delay = 90s;
  timeout = 2h;
  priority = 7;
  command = <<SH
    load --day ${day}
    echo done
  SH;
}

policy gentle { parallel = 2; throttle = 4s; window = 22:00..06:00; }

backfill redo {
  use = gentle;
  as = "alice";
  select = downstream(extract);
  exclude = [load];
  dates = 2024-03-01..2024-03-03, 2024-03-09;
  order = descending;
  alert { on = failure; command = "notify ${backfill}"; }
  limits { instances = 500; }
}
