# bfc-test: none
task ok { cycle = daily; }
