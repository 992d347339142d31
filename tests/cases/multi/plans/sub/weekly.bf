# bfc-test: none
# A plan of tests/cases/multi with one error (an unknown task).
task load { cycle = weekly(mon); after = [missing]; command = "load ${bizdate}"; }
