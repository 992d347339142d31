# Selection and parameter expressions: precedence, calls, offsets, ranges.
param dt = fmt(bizdate, "%Y-%m-%d");
param prev = fmt(bizdate - 1d, "%Y%m%d");
param month = fmt(add_months(month_start(bizdate), -1), "%Y%m");
param week = week_start(date(interval_start)) + 6d;
param quoted = quote("it's ${dt}");
param math = (1 + 2) * 3 - 4 / 2 % 5;

task t {
  after = [a, b[-1d], c[-1h],];
  cycle = every(15m);
  command = ["spark-submit", "--date", "${dt}", "--hour=${fmt(interval_start, "%H")}"];
}

backfill b {
  select = downstream(r) & workspace(w1, w2) + [extra] - [skip];
  exclude = (upstream(x) - between(x, [y, z])) & tagged("core") + matching("events_*");
  dates = 2024-03-01..2024-03-03;
}
