# Two paths to the same file are fine: it is loaded once.
import "left.bf";
import "right.bf";
