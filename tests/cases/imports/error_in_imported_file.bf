import "broken/lib.bf";
task load { cycle = daily; }
