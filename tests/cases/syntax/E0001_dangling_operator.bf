backfill b {
  select = downstream(a) - ;
}
