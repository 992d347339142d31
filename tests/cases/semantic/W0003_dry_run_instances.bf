# bfc-test: check --today 2024-04-01
task a { cycle = daily; command = "a ${bizdate}"; }
task b { cycle = daily; command = "b ${bizdate}"; after = [a];}
task c { cycle = daily; command = "c ${bizdate}"; after = [b];}
backfill f { select = [a, b, c]; exclude = [b]; dates = 2024-03-01; }
