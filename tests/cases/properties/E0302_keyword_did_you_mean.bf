# bfc-test: check --today 2024-04-01
# Misspelled keyword values get a did-you-mean.
task t { command = "run ${bizdate}"; }
backfill b {
  select = [t];
  dates = 2024-03-01..2024-03-02;
  order = descend;
  alert { on = failur; command = "notify"; }
}
