# bfc-test: none
task shared { cycle = daily; cycl = hourly; }
