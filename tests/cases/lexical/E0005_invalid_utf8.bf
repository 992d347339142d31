task load {
  description = "café";
}
