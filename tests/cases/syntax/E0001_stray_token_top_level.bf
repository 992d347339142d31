; task load { cycle = daily; }
