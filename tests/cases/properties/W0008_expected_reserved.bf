task load {
  command = "load ${bizdate}";
  expected = 2h;
}
