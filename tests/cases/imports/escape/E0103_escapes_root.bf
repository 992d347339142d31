# bfc.project beside this file makes this folder the project root.
import "../E0101_missing_relative.bf";
import "sub/../../cycle/a.bf";
import "sub/ok.bf";
