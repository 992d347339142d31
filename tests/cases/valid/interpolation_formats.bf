# bfc-test: compile --today 2024-04-01
# How values render inside `${}` (docs/language.md, "Parameter expressions"): `bizdate`
# alone yyyymmdd, other dates YYYY-MM-DD, date-times with `:00` seconds, times HH:MM,
# durations in seconds.
task load {
  at = 05:00;
  command = "load ${bizdate} ${date(cyctime)} ${interval_start} ${cyctime} ${05:30} ${1h}";
}
backfill once { select = [load]; dates = 2024-03-01; }
