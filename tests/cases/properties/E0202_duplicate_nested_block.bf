backfill b {
  alert { on = failure; }
  alert { on = success; on = failure; }
}
