task load {
  timeout = 12x;
}
