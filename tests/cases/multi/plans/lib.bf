# bfc-test: none
# A library of tests/cases/multi, imported by daily.bf and checked alone like any file.
task shared { cycle = daily; command = "shared ${bizdate}"; }
