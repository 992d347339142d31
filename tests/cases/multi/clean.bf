# bfc-test: check --today 2024-04-01 {file} multi/plans/daily.bf multi/plans/lib.bf
# Two clean plans that both declare tasks of the same names as this one: exit 0.
import "plans/lib.bf";
task load { cycle = daily; after = [shared]; command = "load ${bizdate}"; }
