import "std/airflow.bf";            # stdlib module (shipped under stdlib/)
import "tasks/ingest.bf";           # relative to the importing file

workspace etl {
  members = ["alice", "bob"];       # who may backfill its tasks; omitted = everyone
}

param dt = fmt(bizdate, "%Y-%m-%d");   # plan-wide parameter, evaluated per instance

task raw_events {
  workspace = etl;
  cycle = hourly;                   # daily | hourly | every(15m) | weekly(mon) | monthly(1) | cron("0 */6 * * *")
  command = "ingest --from '${interval_start}' --to '${interval_end}'";
  priority = 5;                     # 1 | 3 | 5 | 7 | 8, as DataWorks baselines
  tags = ["core", "ingest"];        # for tagged("...") selection
}

task events_daily {
  workspace = etl;
  cycle = daily;
  at = 00:30;                       # scheduled offset after the interval ends
  after = [raw_events, dim_users[-1d]];   # dependencies; [-1d] = the previous day's instance
  self_dependent = true;            # each instance waits for the previous one of this task
  retries = 2;  retry_delay = 30s;  timeout = 2h;
  command = <<SQL
    INSERT OVERWRITE TABLE prod.events_daily PARTITION (dt='${dt}')
    SELECT user_id, event_type, COUNT(*) FROM raw.events
    WHERE DATE(event_ts) = '${dt}' GROUP BY user_id, event_type
  SQL;
}

policy gentle {                     # reusable backfill settings
  parallel = 1;  throttle = 4s;  max_running = 2;  window = 22:00..06:00;
}

backfill fix_march {
  use = gentle;                     # then override below
  as = "alice";                     # initiator, for permission checks (CLI --as overrides)
  select = downstream(raw_events) - [weekly_report];
  exclude = [dedup_events];         # blacklist: dry-run when intermediate, dropped otherwise
  dates = 2024-03-01..2024-03-31, 2024-05-02;   # ranges and single dates, non-contiguous
  hours = 00:00..12:59;             # only sub-daily instances starting in this window
  parallel = 4;                     # groups of dates run side by side; 1 = serial
  order = descending;               # ascending (default) | descending
  run_future = false;               # dates after --today are an error unless true
  alert { on = failure; command = "notify --backfill ${backfill} --status ${status}"; }
  limits { roots = 800; tasks = 5000; instances = 2000000; }   # raise the default guards
}
