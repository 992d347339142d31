# Each broken declaration reports once; the parser resumes at the next one.
task a { cycle = daily }
task b { cycle = ; }
task c { cycle = daily; }
workspace w { members = ["x" "y"]; }
