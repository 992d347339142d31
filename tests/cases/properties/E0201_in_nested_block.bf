backfill b {
  alert { on = failure; comand = "notify"; }
  limits { root = 10; }
}
