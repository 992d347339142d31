backfill b {
  alrt { on = failure; }
  limit { roots = 10; }
  notify { on = failure; }
}
