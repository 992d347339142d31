# bfc-test: diff diff/base.bf {file} --today 2024-06-01
# Only report's SQL changed: 9 changed instances read as one entry, nothing affected (no
# task reads report), load, weekly and audit unchanged.
task load { cycle = daily; command = "load --dt ${bizdate}"; }
task report {
  cycle = daily;
  after = [load];
  command = <<SQL
    INSERT OVERWRITE TABLE report PARTITION (dt='${bizdate}')
    SELECT region, SUM(amount) FROM sales WHERE dt = '${bizdate}' AND NOT refunded GROUP BY region;
  SQL;
}
task weekly { cycle = weekly(mon); after = [load]; command = "rollup ${bizdate}"; }
task audit { cycle = daily; after = [load]; command = "audit ${bizdate}"; }
backfill fix { select = [load, report, weekly, audit]; dates = 2024-03-04..2024-03-12; }
