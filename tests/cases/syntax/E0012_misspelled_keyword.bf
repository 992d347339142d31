tsak load {
  cycle = daily;
}
