# bfc-test: check --format gitlab --today 2024-04-01
# Errors and warnings as a GitLab Code Quality report (docs/check.md). The two E0205
# findings have the same code, file and message on different lines: their fingerprints
# differ by the occurrence index, not by the line.
task load { cycle = daily; command = "echo hi"; }
task copy {
  cycle = daily;
  command = "INSERT INTO t SELECT * FROM s WHERE dt = '${bizdate}'";
}

backfill first { select = [load, nope]; dates = 2024-03-01..2024-03-02; }
backfill second { select = [copy, nope]; dates = 2024-03-01..2024-03-02; }
