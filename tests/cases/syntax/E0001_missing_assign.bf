task load {
  cycle daily;
}
