# bfc-test: check --today 2024-04-01
workspace etl {}
task load { cycle = daily; command = "load ${bizdate}"; workspace = elt;}
