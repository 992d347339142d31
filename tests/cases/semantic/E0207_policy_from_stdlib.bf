# bfc-test: check --today 2024-04-01
# `gentle` is declared in std/policies.bf, which the plan does not import.
task t { command = "run ${bizdate}"; }
backfill b { use = gentle; select = [t]; dates = 2024-03-01..2024-03-02; }
