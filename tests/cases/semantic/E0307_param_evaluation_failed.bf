# bfc-test: check --today 2024-04-01
param a = b;
param b = "x${a}";
task load { cycle = daily; command = "x ${bizdate} ${a}"; }
