# bfc-test: none
# The old side of the diff cases: a daily load, a report on it, a weekly rollup, an audit.
task load { cycle = daily; command = "load --dt ${bizdate}"; }
task report {
  cycle = daily;
  after = [load];
  command = <<SQL
    INSERT OVERWRITE TABLE report PARTITION (dt='${bizdate}')
    SELECT region, SUM(amount) FROM sales WHERE dt = '${bizdate}' GROUP BY region;
  SQL;
}
task weekly { cycle = weekly(mon); after = [load]; command = "rollup ${bizdate}"; }
task audit { cycle = daily; after = [load]; command = "audit ${bizdate}"; }
backfill fix { select = [load, report, weekly, audit]; dates = 2024-03-04..2024-03-12; }
