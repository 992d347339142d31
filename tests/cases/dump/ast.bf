# bfc-test: check --dump=ast
# The AST as an indented tree: declarations, members, expressions.
import "std/policies.bf";

param day = fmt(bizdate, "%Y-%m-%d");

task load {
  cycle = daily;
  after = [extract[-1d]];
  retry_delay = 90s;
  command = <<SH
    load --day ${day}
  SH;
}

task extract { command = ["extract", "--day", "${bizdate}"]; }

backfill redo {
  select = downstream(extract) - [load];
  dates = 2024-03-01..2024-03-03, 2024-03-09;
  hours = 00:00..11:59;
  alert { on = failure; command = "notify"; }
}
