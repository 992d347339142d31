task load {
  cycle = daily;
  retries = 2;
