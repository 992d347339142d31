# bfc-test: check --today 2024-04-01
param a = fmt(bizdate);
param b = add_months(bizdate, "x");
param c = frobnicate(bizdate);
task load { cycle = daily; command = "load ${bizdate}"; }
