import "std/policies.bf";

workspace etl {
  members = ["alice", "bob"];
  description = "ingestion";
}

param dt = fmt(bizdate, "%Y-%m-%d");

task raw_events {
  workspace = etl;
  cycle = hourly;
  command = "ingest --from '${interval_start}' --to '${interval_end}'";
  priority = 5;
  tags = ["core", "ingest"];
  owner = "alice";
  description = "raw events";
  expected = 20m;
}

task events_daily {
  workspace = etl;
  cycle = daily;
  at = 00:30;
  after = [raw_events, raw_events[-1d]];
  self_dependent = true;
  retries = 2;
  retry_delay = 30s;
  timeout = 2h;
  command = <<SQL
    INSERT OVERWRITE TABLE prod.events_daily PARTITION (dt='${dt}')
    SELECT 1
  SQL;
}

policy mine {
  parallel = 2;
  order = descending;
  throttle = 4s;
  max_running = 2;
  window = 22:00..06:00;
  hours = 00:00..12:59;
  run_future = false;
  description = "mine";
  alert { on = failure; command = "notify ${backfill} ${status}"; }
  limits { roots = 10; tasks = 10; instances = 100; }
}

backfill b {
  use = mine;
  as = "alice";
  select = downstream(raw_events);
  exclude = [events_daily];
  dates = 2024-03-01..2024-03-31;
  hours = 00:00..12:59;
  parallel = 4;
  order = ascending;
  run_future = true;
  throttle = 1s;
  max_running = 3;
  window = 00:00..23:59;
  description = "fix";
  alert { on = failure; command = "notify"; }
  limits { roots = 800; tasks = 5000; instances = 2000000; }
}
