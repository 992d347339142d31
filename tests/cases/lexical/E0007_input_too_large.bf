# bfc-test: check {sparse:65M}
# A 65 MiB file (made by the runner, not committed) is over the 64 MiB limit.
