# bfc-test: none
import "c.bf";
task b { cycle = daily; }
