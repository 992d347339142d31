task load {
  command = "echo \q \x41";
}
