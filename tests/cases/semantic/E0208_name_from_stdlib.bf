# bfc-test: check --today 2024-04-01
# `ds` comes from std/airflow.bf, which the plan does not import.
task t { command = "run ${ds}"; }
backfill b { select = [t]; dates = 2024-03-01..2024-03-02; }
