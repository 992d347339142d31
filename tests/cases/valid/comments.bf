# hash comment
// slash comment
/* block
   comment */
task t { # trailing
  cycle = daily; // trailing
  /* inline */ retries = /* inside */ 1;
}
/**/
