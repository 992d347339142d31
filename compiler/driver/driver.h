// The compiler driver: runs the stages for each command and decides, between stages,
// whether to go on. The CLI only parses arguments and calls these.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "frontend/loader.h"
#include "support/diagnostics.h"

namespace bfc {

struct DriverOptions {
  std::vector<std::string> files;
  DiagFormat format = DiagFormat::Text;
  bool color = false;
  bool werror = false;
  std::string today;     // YYYY-MM-DD; empty: the machine's local date
  std::string as_user;   // overrides a backfill's `as`
  std::string backfill;  // compile/plan/render: which backfill
  std::string output;    // compile/render: output path
  bool instances = false;  // render: instance view
  LoadOptions load;
};

// Exit codes: 0 clean or warnings only, 1 errors (or warnings with --werror), 2 usage/IO.
int check_command(const DriverOptions& opts);
int plan_command(const DriverOptions& opts);
int compile_command(const DriverOptions& opts);

// Prints collected diagnostics in the chosen format (text on stderr, others on stdout)
// and returns the exit code they imply.
int emit_diagnostics(const SourceManager& sm, DiagnosticSink& diags, const DriverOptions& opts);

}  // namespace bfc
