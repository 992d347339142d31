# bfc-test: check --werror
task load { cycle = daily; }
