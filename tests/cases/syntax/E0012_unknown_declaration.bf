pipeline load {
  cycle = daily;
}
