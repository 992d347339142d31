# bfc-test: check --today 2024-04-01
# `image` is a plain, non-empty string without whitespace or control characters.
task a { command = "a ${bizdate}"; image = 3; }
task b { command = "b ${bizdate}"; image = ""; }
task c { command = "c ${bizdate}"; image = "my image:1.0"; }
task d { command = "d ${bizdate}"; image = "etl:${bizdate}"; }
task e { command = "e ${bizdate}"; image = "etl:1\n"; }
policy p { image = ["etl:1.0"]; }
backfill f { use = p; image = etl; select = [a, b, c, d, e]; dates = 2024-03-01; }
