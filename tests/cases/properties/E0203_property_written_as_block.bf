task load {
  command { run = "x"; }
}
