task load {
  cycle = daily
  at = 00:30;
}
