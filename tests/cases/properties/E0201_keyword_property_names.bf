workspace etl {
  task = "x";
}
