# bfc-test: check --format xml
