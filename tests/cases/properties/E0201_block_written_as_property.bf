backfill b {
  alert = failure;
  limits = 10;
}
