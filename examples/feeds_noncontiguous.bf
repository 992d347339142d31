# Several feeds re-ingested on the days their vendor re-delivered files: not a range,
# a list of days, all from one reviewed file (one backfill per delivery batch).

param day = fmt(bizdate, "%Y%m%d");

task feed_clicks { cycle = daily; tags = ["feeds"]; command = ["ingest", "--feed", "clicks", "--day", "${day}"]; }
task feed_impressions { cycle = daily; tags = ["feeds"]; command = ["ingest", "--feed", "impressions", "--day", "${day}"]; }
task feed_conversions { cycle = daily; tags = ["feeds"]; command = ["ingest", "--feed", "conversions", "--day", "${day}"]; }

task attribution {
  after = [feed_clicks, feed_impressions, feed_conversions];
  command = "attribution --day ${day} --overwrite";
}

backfill redelivery_q1 {
  select = tagged("feeds") + [attribution];
  dates = 2024-01-03, 2024-01-17..2024-01-18, 2024-02-29, 2024-03-11;
  parallel = 5;
}

backfill clicks_only {
  select = [feed_clicks];
  dates = 2024-04-02, 2024-04-09;
}
