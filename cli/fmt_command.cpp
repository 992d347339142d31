// bfc fmt: a thin wrapper around fmt_command (compiler/formatter/fmt_command.h).
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "commands.h"
#include "formatter/fmt_command.h"

namespace bfc::cli {

void register_fmt_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("fmt", "Rewrite plan files in the canonical layout");
  auto opts = std::make_shared<FmtOptions>();
  cmd->add_option("files", opts->paths,
                  "Plan files or directories (.bf); `-` or none: stdin to stdout");
  cmd->add_flag("--check", opts->check,
                "Change nothing; list files that need formatting and exit 3 if any");
  cmd->add_flag("--diff", opts->diff, "Print a unified diff of the changes");
  cmd->callback([opts, &exit_code] {
    opts->color = isatty(STDERR_FILENO) && !std::getenv("NO_COLOR");
    exit_code = fmt_command(*opts, std::cin, std::cout, std::cerr);
  });
}

}  // namespace bfc::cli
