task load {
  comand = "ingest";
  cycel = daily;
  colour = "red";
}
