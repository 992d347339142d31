task load {
  command = <<SQL
    SELECT ${fmt(bizdate,
      "%Y")}
  SQL;
}
