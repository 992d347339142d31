task load {
  command = "ingest --all;
}
