# bfc-test: check --today 2024-04-01
# a comment with a stray byte: café
task t { description = "na€ve ÿ"; command = "run ${bizdate}"; }
