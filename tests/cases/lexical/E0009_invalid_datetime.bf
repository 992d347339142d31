backfill b {
  dates = 2024-03-01T24:00, 2024-02-30T05:00;
}
