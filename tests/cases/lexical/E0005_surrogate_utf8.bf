task load { description = "í €"; }
