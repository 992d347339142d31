# bfc-test: check --today 2024-04-01
task load { cycle = daily; command = "run ${bizdat} ${HOME}"; }
