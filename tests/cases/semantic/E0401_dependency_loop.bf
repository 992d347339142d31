# bfc-test: check --today 2024-04-01
task a { cycle = daily; command = "a ${bizdate}"; after = [c];}
task b { cycle = daily; command = "b ${bizdate}"; after = [a];}
task c { cycle = daily; command = "c ${bizdate}"; after = [b];}
