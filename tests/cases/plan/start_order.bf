# bfc-test: plan --today 2024-03-04
# "First commands" in start order (priority 8 before 1, day barrier before the next date),
# a heredoc command shown line by line.
task a { cycle = daily; priority = 1; command = "load-a ${bizdate}"; }
task b { cycle = daily; priority = 8; command = "load-b ${bizdate}"; }
task c {
  cycle = daily;
  priority = 1;
  after = [a];
  command = <<SH
    transform --date ${bizdate}
    publish --date ${bizdate}
  SH;
}
backfill fix { select = [a, b, c]; dates = 2024-03-01..2024-03-03; }
