task load {
  command = <<
    SELECT 1
}
