task load {
  retries = ;
}
