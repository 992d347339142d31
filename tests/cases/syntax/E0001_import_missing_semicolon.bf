import "std/policies.bf"
task load { cycle = daily; }
