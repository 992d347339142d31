# A small backfill you can run on any machine: each task writes a partition file
# under ./warehouse, so `bfc run` has real work to do.
#
#   bfc check examples/quickstart.bf --today 2024-04-01
#   bfc compile examples/quickstart.bf --backfill rebuild_march -o plan.json --today 2024-04-01
#   bfc run plan.json

import "std/policies.bf";

workspace etl {
  members = ["alice", "bob"];
}

param dt = fmt(bizdate, "%Y-%m-%d");
param out = "warehouse/${task}/dt=${dt}";

task raw_events {
  workspace = etl;
  cycle = every(6h);
  command = "mkdir -p ${out} && echo \"events ${interval_start}..${interval_end}\" > ${out}/part-${fmt(interval_start, "%H")}.txt";
  priority = 5;
  tags = ["ingest"];
}

task dim_users {
  workspace = etl;
  command = ["sh", "-c", "mkdir -p \"$1\" && echo users > \"$1/users.txt\"", "dim_users", "${out}"];
}

task events_daily {
  workspace = etl;
  at = 00:30;
  after = [raw_events, dim_users];
  retries = 1;
  retry_delay = 1s;
  timeout = 1m;
  # Rebuilds the whole partition: safe to re-run.
  command = <<SH
    mkdir -p ${out}
    cat warehouse/raw_events/dt=${dt}/part-*.txt > ${out}/events.txt
  SH;
  priority = 7;
}

task report {
  workspace = etl;
  after = [events_daily];
  command = "mkdir -p ${out} && wc -l < warehouse/events_daily/dt=${dt}/events.txt > ${out}/count.txt";
}

backfill rebuild_march {
  use = fast;
  as = "alice";
  select = downstream(raw_events) + [dim_users];
  dates = 2024-03-01..2024-03-04;
  parallel = 2;
  max_running = 2;
}
