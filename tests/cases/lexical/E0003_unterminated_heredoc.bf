task load {
  command = <<SQL
    SELECT 1
  SQ;
}
