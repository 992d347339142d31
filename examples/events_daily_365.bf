# A year of events_daily rebuilt after a bug fix in the aggregation, the way the
# guardrails practice says: one partition per instance, INSERT OVERWRITE so a rerun
# replaces instead of appending, throttled and off-peak so live pipelines keep
# their capacity, and checkpointed by the runtime so a crash resumes.

workspace analytics {
  members = ["data-eng"];
}

param dt = fmt(bizdate, "%Y-%m-%d");

task events_daily {
  workspace = analytics;
  cycle = daily;
  at = 01:00;
  retries = 2;
  retry_delay = 5m;
  timeout = 2h;
  priority = 7;
  command = <<SQL
    INSERT OVERWRITE TABLE prod.events_daily PARTITION (dt='${dt}')
    SELECT user_id, event_type, COUNT(*) AS events
    FROM raw.events
    WHERE event_date = '${dt}'
    GROUP BY user_id, event_type
  SQL;
}

backfill events_2023 {
  as = "data-eng";
  select = [events_daily];
  dates = 2023-01-01..2023-12-31;
  parallel = 4;
  max_running = 4;
  throttle = 30s;
  window = 20:00..07:00;
  alert { on = failure; command = "notify --channel data-eng --text 'backfill ${backfill}: ${status}'"; }
}
