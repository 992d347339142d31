# bfc-test: check --dump=tokens
# The lexer's token stream: one line per token, comments counted but not in the stream.
param day = fmt(bizdate, "%Y-%m-%d");

task load {
  cycle = every(30m);
  at = 00:15;
  command = "load --day ${day}";
}
