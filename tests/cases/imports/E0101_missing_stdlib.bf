import "std/nowhere.bf";
