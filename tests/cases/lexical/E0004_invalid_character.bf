task load {
  retries = 2 @ 3;
  owner = ~alice;
}
