# bfc-test: diff diff/base.bf {file} --today 2024-06-01 --exit-code
# Comments and formatting change nothing: no differences, exit 0 with --exit-code.
task load {cycle=daily;   command = "load --dt ${bizdate}";}  # reformatted
task report {
  cycle = daily;
  after = [load];
  command = <<SQL
    INSERT OVERWRITE TABLE report PARTITION (dt='${bizdate}')
    SELECT region, SUM(amount) FROM sales WHERE dt = '${bizdate}' GROUP BY region;
  SQL;
}
# a new comment
task weekly { cycle = weekly(mon); after = [load]; command = "rollup ${bizdate}"; }
task audit { cycle = daily; after = [load]; command = "audit ${bizdate}"; }
backfill fix { select = [load, report, weekly, audit]; dates = 2024-03-04..2024-03-12; }
