# bfc-test: none
import "shared.bf";
task left { cycle = daily; }
