task load {
  cycle = daily;
  retries = 1;
  cycle = hourly;
}
