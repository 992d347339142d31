# bfc-test: none
task lib {
  cycle = daily
}
