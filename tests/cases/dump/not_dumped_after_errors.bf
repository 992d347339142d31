# bfc-test: check --dump=tokens,ast,model,selection,instances
# A syntax error: tokens and the AST (what parsed) are dumped; the later stages say why
# they are not.
task ok { command = "ok ${bizdate}"; }
task broken { command = ; }
