// A plan commented in every place the formatter must handle (tests/fmt corpus input).

/* Header block comment
   spanning lines. */
import "std/policies.bf"; # trailing after an import
import "std/airflow.bf";

# about the params
param day = fmt(bizdate, "%Y%m%d");   # yyyymmdd
param prev = bizdate - 1d;   // yesterday
param label = "day ${day /* inside an interpolation */} and $${HOME}";

workspace etl { # header comment
  # before members
  members = [
    "alice", # first
    # between items
    "bob"
    # after the last item
  ];

  # before the closing brace
}

task load # between the name and the brace
{
  cycle = daily; retries = 2; # after two members on one line
  command = <<SH
    load --day ${day}   # a shell comment, part of the heredoc
      --verbose
  SH; # after the heredoc
  after = [ # after the bracket
    extract[-1d] ];
  priority = 5 /* before the semicolon */ ;
}

backfill again {
  use = gentle;
  select = downstream(load) # before the operator
    - [skipped];
  alert {
    on = failure;   # why
    command = "notify";
  }
  limits { roots = 10; } # trailing on a one-line block
} // after the declaration

# at the end of the file
/* and a block comment */
