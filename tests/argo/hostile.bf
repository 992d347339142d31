# Commands that must reach Argo containers byte for byte (tests/argo/run_export_test.sh).
# Argo substitutes {{...}} and evaluates {{=...}} in template strings, and the kubelet
# expands $(VAR) and $$ in container command, args and env values: none of that may touch them.

task braces {
  cycle = daily;
  command = "echo '{{ ds }}' {{=1+1}} \"{{inputs.parameters.x}}\" }} {{{ ${bizdate}";
  retries = 2;
  retry_delay = 45s;
  timeout = 10m;
}

task quotes {
  after = [braces];
  command = "printf '%s\\n' \"it's\" 'say \"hi\"' $HOME $(id) $$ $(BF_TASK) $${HOME} back\\slash\\\\ \\n end ${bizdate}";
}

task lines {
  after = [quotes];
  command = <<SH
    echo "first line {{ ds }}"
    	printf 'tab\there %s\n' "é 漢字 🎉 ${bizdate}"
    echo '}}' "{{{" '$(BF_INSTANCE)' "$$"
  SH;
}

task argv_braces {
  after = [braces];
  command = ["printf", "%s|", "{{ ds }}", "{{=1+1}}", "{{inputs.parameters.x}}", "}}", "{{{", "${bizdate}"];
  retries = 1;
  timeout = 1h;
}

task argv_text {
  after = [argv_braces, lines];
  command = ["printf", "%s|", "it's \"quoted\"", "$HOME", "$(id)", "$$", "$(BF_TASK)", "back\\slash", "new\nline\ttab", "é 漢字 🎉", "", "${bizdate}"];
}

task argv_plain {
  after = [argv_text];
  command = ["/bin/echo", "plain", "${bizdate}"];
}

task skipped {
  after = [argv_plain];
  command = "echo {{ never }}";
}

task last {
  after = [skipped];
  command = "echo done ${bizdate} {{=last}}";
}

backfill hostile {
  select = downstream(braces);
  exclude = [skipped];
  dates = 2024-03-01..2024-03-04;
  parallel = 2;
  order = descending;
  max_running = 2;
}
