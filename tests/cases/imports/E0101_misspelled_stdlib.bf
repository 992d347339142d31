import "std/airflw.bf";
task t { command = "run ${bizdate}"; }
