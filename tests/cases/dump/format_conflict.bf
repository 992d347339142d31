# bfc-test: check --dump=model --format json
# --dump writes stdout, as machine formats do: the two together are a usage error (exit 2).
task t { command = "run ${bizdate}"; }
