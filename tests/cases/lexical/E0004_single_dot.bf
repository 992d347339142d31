backfill b {
  dates = 2024-03-01.2024-03-05;
}
