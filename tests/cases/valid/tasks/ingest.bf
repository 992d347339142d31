# bfc-test: none
# Imported by ../brief_example.bf (the brief's `import "tasks/ingest.bf"`).
task raw_users {
  workspace = etl;
  cycle = daily;
  command = "ingest-users --date ${bizdate}";
}
