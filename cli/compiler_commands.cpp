// check: a thin wrapper around compiler/driver; also registers the other compiler commands.
#include <unistd.h>

#include <cstdio>

#include "commands.h"
#include "driver/driver.h"

namespace bfc::cli {

namespace {

// The --format value as a DiagFormat (CLI11 has checked it is one of the five).
DiagFormat parse_format(const std::string& s) {
  if (s == "json") return DiagFormat::Json;
  if (s == "sarif") return DiagFormat::Sarif;
  if (s == "github") return DiagFormat::Github;
  if (s == "gitlab") return DiagFormat::Gitlab;
  return DiagFormat::Text;
}

}  // namespace

void register_compiler_commands(CLI::App& app, int& exit_code) {
  {
    auto* cmd =
        app.add_subcommand("check", "Verify plans: syntax, names, types, graphs, limits, lints");
    auto opts = std::make_shared<DriverOptions>();
    auto format = std::make_shared<std::string>("text");
    auto dumps = std::make_shared<std::vector<std::string>>();
    cmd->add_option("files", opts->files,
                    "Plan files (.bf), each its own plan, or directories of them")
        ->required();
    cmd->add_option("--format", *format, "Diagnostics format")
        ->check(CLI::IsMember({"text", "json", "sarif", "github", "gitlab"}));
    cmd->add_flag("--werror", opts->werror, "Treat warnings as errors");
    cmd->add_option("--today", opts->today,
                    "Reference date (YYYY-MM-DD); default: the machine's date");
    cmd->add_option("--as", opts->as_user, "Initiator for permission checks (overrides `as`)");
    cmd->add_option("--backfill", opts->backfill, "Check only this backfill");
    cmd->add_option("--error-limit", opts->error_limit,
                    "Stop after this many errors (default 20; 0: no limit)");
    cmd->add_option("--root", opts->load.root, "Project root that imports may not escape");
    cmd->add_option("--dump", *dumps,
                    "Print a stage's output on stdout (repeat or list with commas)")
        ->delimiter(',')
        ->allow_extra_args(false)
        ->check(CLI::IsMember({"tokens", "ast", "model", "selection", "instances"}));
    cmd->callback([opts, format, dumps, &exit_code] {
      opts->format = parse_format(*format);
      if (!dumps->empty() && opts->format != DiagFormat::Text) {
        // Both would write stdout: a dump ahead of the JSON would break every reader.
        std::fprintf(stderr,
                     "bfc: error: --dump prints on stdout, as --format %s does; use it "
                     "with --format text\n",
                     format->c_str());
        exit_code = 2;
        return;
      }
      for (const auto& name : *dumps) opts->dumps.push_back(*parse_dump_kind(name));
      opts->color =
          opts->format == DiagFormat::Text && isatty(STDERR_FILENO) && !std::getenv("NO_COLOR");
      exit_code = check_command(*opts);
    });
  }
  register_fmt_command(app, exit_code);
  register_plan_commands(app, exit_code);
  register_render_command(app, exit_code);
}

}  // namespace bfc::cli
