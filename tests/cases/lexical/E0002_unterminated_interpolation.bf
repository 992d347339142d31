task load {
  command = "ingest ${bizdate";
}
