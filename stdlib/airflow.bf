# std/airflow.bf: Airflow's template variables as bfc params.
#
#   import "std/airflow.bf";
#   task t { command = "run.sh --ds ${ds}"; ... }
#
# Airflow's logical date is the start of the data interval, which is bfc's
# `interval_start`; `bizdate` is its date.

param ds = fmt(interval_start, "%Y-%m-%d");             # 2024-03-01
param ds_nodash = fmt(interval_start, "%Y%m%d");        # 20240301
param ts = fmt(interval_start, "%Y-%m-%dT%H:%M:%S");    # 2024-03-01T00:00:00
param ts_nodash = fmt(interval_start, "%Y%m%dT%H%M%S"); # 20240301T000000
param prev_ds = fmt(bizdate - 1d, "%Y-%m-%d");          # the previous day
param next_ds = fmt(bizdate + 1d, "%Y-%m-%d");          # the next day
param prev_ds_nodash = fmt(bizdate - 1d, "%Y%m%d");
param next_ds_nodash = fmt(bizdate + 1d, "%Y%m%d");
param yesterday_ds = prev_ds;
param tomorrow_ds = next_ds;
param data_interval_start = fmt(interval_start, "%Y-%m-%dT%H:%M:%S");
param data_interval_end = fmt(interval_end, "%Y-%m-%dT%H:%M:%S");
