# bfc-test: check --format github --today 2024-04-01
# GitHub commands: a span across lines has no col/endColumn (formats/github.bf shows a note
# with a place as its own ::notice).
task load {
  cycle = daily;
  command = "load ${bizdate}";
  retries = [
    1,
    2
  ];
}
