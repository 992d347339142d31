import "self_import.bf";
