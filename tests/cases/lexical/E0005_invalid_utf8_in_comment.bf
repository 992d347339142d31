# a comment with a stray byte: ÿ
task load { cycle = daily; }
