# bfc-test: check --werror
# A warning alone exits 0; with --werror it exits 1 (see semantic/W0001_no_date_parameter.bf).
task load { cycle = daily; command = "echo hi"; }
