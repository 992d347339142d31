# Strings inside `${}` use plain quotes, not `\"`.
task t { command = "run ${fmt(bizdate, \"%Y%m%d\")}"; }
