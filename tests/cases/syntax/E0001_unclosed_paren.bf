backfill b {
  select = (downstream(a) - [b];
}
