# A DataWorks-style backfill across two workspaces: select everything downstream of
# the ODS layer in both workspaces, blacklist a costly intermediate node (it becomes a
# dry-run so its descendants still run), and run the dates in three parallel groups,
# newest first. Bob may backfill `ods` and `dws` but not `ads`, which is dropped.

workspace ods { members = ["alice", "bob"]; }
workspace dws { members = ["alice", "bob"]; }
workspace ads { members = ["alice"]; }

param ds = fmt(bizdate, "%Y%m%d");

task ods_orders {
  workspace = ods;
  command = "odpscmd -e \"INSERT OVERWRITE TABLE ods_orders PARTITION (ds='${ds}') SELECT * FROM src_orders WHERE ds='${ds}'\"";
  priority = 8;
}

task ods_users {
  workspace = ods;
  command = "odpscmd -e \"INSERT OVERWRITE TABLE ods_users PARTITION (ds='${ds}') SELECT * FROM src_users WHERE ds='${ds}'\"";
  priority = 8;
}

task dwd_orders_clean {
  workspace = dws;
  after = [ods_orders];
  command = "odpscmd -f sql/dwd_orders_clean.sql -p ds=${ds}";
  priority = 7;
}

task dws_user_daily {
  workspace = dws;
  after = [dwd_orders_clean, ods_users];
  command = "odpscmd -f sql/dws_user_daily.sql -p ds=${ds}";
  priority = 7;
}

task ads_dashboard {
  workspace = ads;
  after = [dws_user_daily];
  command = "odpscmd -f sql/ads_dashboard.sql -p ds=${ds}";
  priority = 5;
}

backfill orders_fix {
  as = "bob";
  # DataWorks "by workspace": descendants of the roots, limited to two workspaces.
  select = downstream(ods_orders, ods_users) & workspace(ods, dws);
  exclude = [dwd_orders_clean];   # blacklist: dry-run, it sits between selected tasks
  dates = 2024-06-01..2024-06-09;
  parallel = 3;
  order = descending;
}
