# bfc-test: check --today 2024-04-01
# Airflow's Jinja syntax is plain text to bfc: a hint toward `${ds}`.
task t { command = "run.sh --date {{ ds }}"; }
backfill b { select = [t]; dates = 2024-03-01..2024-03-02; }
