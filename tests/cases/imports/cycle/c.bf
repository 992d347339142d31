# bfc-test: none
import "a.bf";
task c { cycle = daily; }
