# bfc-test: diff diff/base.bf {file} --today 2024-06-01 --format json
# The changes of text.bf, as the JSON document of docs/diff.md.
task load { cycle = daily; command = "load --dt ${bizdate} --v2"; priority = 8; }
task report {
  cycle = daily;
  after = [load];
  command = <<SQL
    INSERT OVERWRITE TABLE report PARTITION (dt='${bizdate}')
    SELECT region, SUM(amount) FROM sales WHERE dt = '${bizdate}' AND NOT refunded
    GROUP BY region;
  SQL;
}
task weekly { cycle = weekly(mon); after = [load]; command = "rollup ${bizdate}"; }
task audit { cycle = daily; after = [load]; command = "audit ${bizdate}"; }
task publish { cycle = daily; after = [report]; command = "publish ${bizdate}"; }
backfill fix {
  select = [load, report, weekly, publish];
  dates = 2024-03-06..2024-03-14;
  max_running = 4;
}
