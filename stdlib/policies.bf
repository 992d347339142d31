# std/policies.bf: named backfill policies to `use` in a backfill and override as needed.

# One date at a time, one instance at a time: the safest choice for shared warehouses.
policy serial {
  parallel = 1;
  max_running = 1;
  order = ascending;
}

# Off-peak, throttled: leaves room for the live pipelines.
policy gentle {
  parallel = 1;
  max_running = 2;
  throttle = 4s;
  window = 22:00..06:00;
}

# As fast as the machine allows: for small, isolated backfills.
policy fast {
  parallel = 4;
  max_running = 8;
}
