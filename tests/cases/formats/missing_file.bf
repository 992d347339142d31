# bfc-test: check {file} no/such/file.bf
# A file named on the command line that does not exist is an I/O problem: exit 2.
