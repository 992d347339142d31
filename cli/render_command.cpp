// render: a thin wrapper around compiler/driver/render.
#include <unistd.h>

#include "commands.h"
#include "driver/render.h"

namespace bfc::cli {

void register_render_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("render",
                                 "Draw the task graph or a backfill's instances (SVG, PNG or DOT)");
  auto opts = std::make_shared<DriverOptions>();
  auto settings = std::make_shared<RenderSettings>();
  cmd->add_option("file", opts->files, "Plan file (.bf)")->required();
  cmd->add_option("-o,--output", opts->output,
                  "Output file; the format comes from its extension: .svg, .png, .dot")
      ->required();
  cmd->add_option("--backfill", opts->backfill,
                  "Show what this backfill does to each task (or draw its instances)");
  cmd->add_flag("--instances", opts->instances,
                "Draw the backfill's instances, grouped by group and date");
  cmd->add_option("--max-nodes", settings->node_budget,
                  "Instance view: collapse above this many nodes (default 2000)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--today", opts->today,
                  "Reference date (YYYY-MM-DD); default: the machine's date");
  cmd->add_option("--as", opts->as_user, "Initiator for permission checks (overrides `as`)");
  cmd->add_option("--root", opts->load.root, "Project root that imports may not escape");
  cmd->callback([opts, settings, &exit_code] {
    opts->color = isatty(STDERR_FILENO) && !std::getenv("NO_COLOR");
    exit_code = render_command(*opts, *settings);
  });
}

}  // namespace bfc::cli
