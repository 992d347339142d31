# bfc-test: plan --instances --today 2024-03-10
# `plan --instances`: every instance in start order (two groups side by side, priorities,
# a dry run of an excluded intermediate task), the first line of each command.
task a { cycle = daily; priority = 3; command = "load-a ${bizdate}"; }
task b { cycle = daily; priority = 8; after = [a]; command = "load-b ${bizdate}"; }
task c {
  cycle = daily;
  after = [b];
  command = <<SH
    transform --date ${bizdate}
    publish --date ${bizdate}
  SH;
}
backfill fix {
  select = downstream(a);
  exclude = [b];
  dates = 2024-03-01..2024-03-04;
  parallel = 2;
}
