import "tasks/nowhere.bf";
task load { cycle = daily; }
