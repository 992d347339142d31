# A misspelled sibling file: did-you-mean from the files beside it.
import "helpres.bf";
task t { command = "run ${bizdate}"; }
