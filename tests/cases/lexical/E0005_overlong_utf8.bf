task load { description = "À¯"; }
