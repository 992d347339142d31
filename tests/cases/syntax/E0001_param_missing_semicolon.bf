param dt = fmt(bizdate, "%Y-%m-%d")
task load { cycle = daily; }
