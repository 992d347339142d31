# An hourly ingestion feeding a daily rollup. The backfill re-runs the whole day: a
# daily task must see all 24 hours, so `hours` is not used here (try adding
# `hours = 00:00..11:59;` and `bfc check` reports the isolated daily instances).

import "std/airflow.bf";

task clicks_hourly {
  cycle = hourly;
  command = "load_clicks --start ${data_interval_start} --end ${data_interval_end}";
  priority = 5;
}

task sessions_15m {
  cycle = every(15m);
  after = [clicks_hourly];
  command = "sessionize --window-start '${interval_start}' --window-end '${interval_end}'";
}

task clicks_daily {
  cycle = daily;
  at = 02:00;
  after = [clicks_hourly, clicks_daily[-1d]];
  command = "rollup --ds ${ds} --prev ${prev_ds} --mode overwrite";
  priority = 7;
}

backfill april_outage {
  select = downstream(clicks_hourly);
  dates = 2024-04-10..2024-04-12;
  window = 22:00..06:00;   # only start work off-peak
  throttle = 2s;
  max_running = 4;
}
