# bfc-test: check --today 2024-04-01
task a { after = [c]; command = "a ${bizdate}"; }
task b { after = [a]; command = "b ${bizdate}"; }
task c { after = [b]; command = "c ${bizdate}"; }
task back { after = [a[-1d]]; command = "back ${bizdate}"; }
