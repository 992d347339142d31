// Registration of bfc's subcommands. Each file registers its own group of commands on the
// CLI11 app; the callbacks set `exit_code` (0 ok, 1 errors, 2 usage/IO, 3 fmt needs changes).
#pragma once

#include <CLI/CLI.hpp>

namespace bfc::cli {

// Every compiler command: check (compiler_commands.cpp), then fmt, plan, compile and render
// through the functions below. main() calls this one and register_runtime_commands.
void register_compiler_commands(CLI::App& app, int& exit_code);
// plan and compile (plan_commands.cpp).
void register_plan_commands(CLI::App& app, int& exit_code);
// fmt (fmt_command.cpp).
void register_fmt_command(CLI::App& app, int& exit_code);
// render (render_command.cpp).
void register_render_command(CLI::App& app, int& exit_code);
// diff (diff_command.cpp).
void register_diff_command(CLI::App& app, int& exit_code);
// `bfc export --to argo` (export_command.cpp).
void register_export_command(CLI::App& app, int& exit_code);
// run, status, rerun, mark-success, freeze, unfreeze (runtime_commands.cpp).
void register_runtime_commands(CLI::App& app, int& exit_code);

}  // namespace bfc::cli
