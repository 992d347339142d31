# bfc-test: check {file} syntax/E0012_misspelled_keyword.bf
# Several files on one command line: diagnostics sorted by file then position.
task load { cycle = daily }
