# hash comment
// slash comment
/* block
   comment */
task t { # trailing
  cycle = daily; // trailing
  /* inline */ retries = /* inside */ 1;
  command = "run --date ${bizdate}";  # a date parameter keeps W0001 away
}
/**/
