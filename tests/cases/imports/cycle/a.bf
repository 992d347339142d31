import "b.bf";
task a { cycle = daily; }
