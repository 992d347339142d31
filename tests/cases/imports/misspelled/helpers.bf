# bfc-test: none
param region = "eu";
