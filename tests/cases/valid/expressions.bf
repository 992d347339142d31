# bfc-test: check --today 2024-04-01
# Selection and parameter expressions: precedence, calls, offsets, ranges.
workspace w1 {}
workspace w2 {}

param dt = fmt(bizdate, "%Y-%m-%d");
param prev = fmt(bizdate - 1d, "%Y%m%d");
param month = fmt(add_months(month_start(bizdate), -1), "%Y%m");
param last = fmt(month_end(bizdate), "%Y%m%d");
param week = fmt(week_start(date(interval_start)) + 6d, "%Y%m%d");
param quoted = quote("it's ${dt}");

task r { workspace = w1; cycle = daily; command = "r ${dt}"; tags = ["core"]; }
task x { workspace = w1; cycle = daily; after = [r]; command = "x ${prev}"; }
task y { workspace = w2; cycle = daily; after = [x, y[-1d]]; command = "y ${month} ${last}"; }
task z { workspace = w2; cycle = every(15m); after = [x]; command = ["z", "--week", "${week}", "--hour=${fmt(interval_start, "%H")}"]; }
task extra { workspace = w2; cycle = daily; command = "e ${quoted}"; }
task events_a { workspace = w2; cycle = daily; after = [y]; command = "ev ${dt}"; }

backfill b {
  select = downstream(r) & workspace(w1, w2) + [extra] - [events_a];
  exclude = (upstream(y) - between(x, [y, z])) & tagged("core") + matching("events_*");
  dates = 2024-03-01..2024-03-03;
}
