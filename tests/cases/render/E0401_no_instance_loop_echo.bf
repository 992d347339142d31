# bfc-test: render --backfill again --instances --today 2024-04-01 -o {tmp}/plan.svg {file}
# A task loop is reported once (E0401); the instance loop it makes in the backfill is the
# same loop, drawn in red but not reported again as E0402.
task a { command = "a ${bizdate}"; }
task b { after = [a, c]; command = "b ${bizdate}"; }
task c { after = [b]; command = "c ${bizdate}"; }

backfill again {
  select = [a, b, c];
  dates = 2024-03-01..2024-03-02;
}
