# Every literal kind the lexer accepts, one per param.
param an_int = 42;
param zero = 0;
param yes = true;
param no = false;
param seconds = 30s;
param minutes = 15m;
param hours = 2h;
param days = 1d;
param weeks = 1w;
param compound = 1h30m;
param negative = -1d;
param a_date = 2024-02-29;
param a_time = 00:30;
param last_minute = 23:59;
param a_datetime = 2024-03-01T05:00;
param date_range = 2024-03-01..2024-03-31;
param time_range = 22:00..06:00;
param empty = [];
param trailing = [1, 2, 3,];
param nested = [[1, 2], [3]];
param escapes = "tab\tquote\" backslash\\ dollar\$ newline\n";
param shell = "echo $${HOME} at ${bizdate}";
param unicode = "Größe ✓ 日本";
param empty_string = "";

task literals {
  cycle = daily;
  command = <<EOS
    set -e
    echo "${fmt(bizdate, "%Y%m%d")}"

    	tab-indented after a blank line
    echo $${HOME}
    EOS;
}
