// bfc: the backfill plan compiler. Thin entry point: parse arguments, dispatch.
#include <cstdio>
#include <exception>

#include "commands.h"
#include "version.h"

int main(int argc, char** argv) {
  CLI::App app{"bfc: compile, check, render and run declarative backfill plans", "bfc"};
  app.require_subcommand(1);
  app.set_version_flag("--version", bfc::cli::version_line());
  int exit_code = 0;
  bfc::cli::register_compiler_commands(app, exit_code);
  bfc::cli::register_diff_command(app, exit_code);
  bfc::cli::register_export_command(app, exit_code);
  bfc::cli::register_runtime_commands(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;  // usage problems exit 2
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bfc: error: %s\n", e.what());
    return 2;
  }
  return exit_code;
}
