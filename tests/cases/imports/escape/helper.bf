# bfc-test: none
task helper { cycle = daily; }
