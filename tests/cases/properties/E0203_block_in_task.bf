task load {
  alert { on = failure; }
}
