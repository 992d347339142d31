# bfc-test: check --root imports/escape/sub {file}
# --root narrows the project root to sub/: helper.bf beside this file now escapes it.
import "helper.bf";
import "sub/ok.bf";
