# bfc-test: none
import "shared.bf";
task right { cycle = daily; }
