// plan and compile: thin wrappers around compiler/driver.
#include <unistd.h>

#include "commands.h"
#include "driver/driver.h"

namespace bfc::cli {

void register_plan_commands(CLI::App& app, int& exit_code) {
  {
    auto* cmd = app.add_subcommand("plan", "Summarise what a backfill would do");
    auto opts = std::make_shared<DriverOptions>();
    cmd->add_option("file", opts->files, "Plan file (.bf)")->required();
    cmd->add_option("--backfill", opts->backfill,
                    "Backfill to summarise (needed when the file has several)");
    cmd->add_option("--today", opts->today,
                    "Reference date (YYYY-MM-DD); default: the machine's date");
    cmd->add_option("--as", opts->as_user, "Initiator for permission checks (overrides `as`)");
    cmd->add_option("--root", opts->load.root, "Project root that imports may not escape");
    auto format = std::make_shared<std::string>("text");
    cmd->add_option("--format", *format, "Summary format (docs/plan.md)")
        ->check(CLI::IsMember({"text", "json"}));
    cmd->add_flag("--instances", opts->instances,
                  "List the instances in start order instead of the summary");
    cmd->add_option("--error-limit", opts->error_limit,
                    "Stop after this many errors (default 20; 0: no limit)");
    cmd->callback([opts, format, &exit_code] {
      opts->format = *format == "json" ? DiagFormat::Json : DiagFormat::Text;
      opts->color = isatty(STDERR_FILENO) && !std::getenv("NO_COLOR");
      exit_code = plan_command(*opts);
    });
  }
  {
    auto* cmd = app.add_subcommand("compile", "Compile a backfill into an instance plan (JSON)");
    auto opts = std::make_shared<DriverOptions>();
    cmd->add_option("file", opts->files, "Plan file (.bf)")->required();
    cmd->add_option("--backfill", opts->backfill,
                    "Backfill to compile (needed when the file has several)");
    cmd->add_option("-o,--output", opts->output, "Output path (default: standard output)");
    cmd->add_option("--today", opts->today,
                    "Reference date (YYYY-MM-DD); default: the machine's date");
    cmd->add_option("--as", opts->as_user, "Initiator for permission checks (overrides `as`)");
    cmd->add_option("--root", opts->load.root, "Project root that imports may not escape");
    cmd->add_flag("--werror", opts->werror, "Treat warnings as errors");
    cmd->add_option("--error-limit", opts->error_limit,
                    "Stop after this many errors (default 20; 0: no limit)");
    cmd->callback([opts, &exit_code] {
      opts->color = isatty(STDERR_FILENO) && !std::getenv("NO_COLOR");
      exit_code = compile_command(*opts);
    });
  }
}

}  // namespace bfc::cli
