task load {
  cycle = daily;
  at = 00:30 ;
  command = "load ${bizdate}";
}
