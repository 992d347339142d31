# bfc-test: check --today 2024-04-01
# The loop is closed by the offset `[-1d]` (a day waits for the previous one) together with
# `order = descending` from the policy: the error points at the offset.
policy newest_first { order = descending; }
task a { command = "a ${bizdate}"; }
task b { after = [a[-1d]]; command = "b ${bizdate}"; }
backfill bf { use = newest_first; select = [a, b]; dates = 2024-03-01..2024-03-03; }
