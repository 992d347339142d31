# bfc-test: check --today 2024-04-01
# Every literal kind the lexer accepts, each where the language allows it.
param an_int = 42;
param negative_int = -7;
param yes = true;
param seconds = 30s;
param compound = 1h30m;
param negative = -1d;
param a_date = 2024-02-29;
param a_time = 00:30;
param a_datetime = 2024-03-01T05:00;
param escapes = "tab\tquote\" backslash\\ dollar\$ newline\n";
param shell = "echo $${HOME} at ${bizdate}";
param unicode = "Größe ✓ 日本";
param empty_string = "";

task literals {
  cycle = daily;
  at = 23:59;
  self_dependent = false;
  retries = 0;
  retry_delay = 1m30s;
  timeout = 2h;
  expected = 1w;
  tags = [];
  command = <<EOS
    set -e
    echo "${fmt(bizdate, "%Y%m%d")}"

    	tab-indented after a blank line
    echo $${HOME}
    EOS;
}

task listed {
  cycle = hourly;
  after = [literals[-1d],];
  tags = ["a", "b",];
  command = ["run", "--from", "${interval_start}", "--to", "${interval_end}",];
}

backfill b {
  select = [literals, listed];
  dates = 2024-03-01..2024-03-03, 2024-03-05;
  hours = 00:00..12:59;
  window = 22:00..06:00;
  throttle = 4s;
}
