// The compiler driver: runs the stages for each command and decides, between stages,
// whether to go on. The CLI only parses arguments and calls these.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/loader.h"
#include "support/diagnostics.h"

namespace bfc {

// A stage output `check --dump` prints on stdout, in pipeline order (docs/dump.md).
enum class DumpKind : uint8_t { Tokens, Ast, Model, Selection, Instances };

// The DumpKind named `name` ("tokens", "ast", "model", "selection", "instances"), or nullopt.
std::optional<DumpKind> parse_dump_kind(std::string_view name);

// What one command was asked to do: the command line, parsed by the CLI.
struct DriverOptions {
  std::vector<std::string> files;
  DiagFormat format = DiagFormat::Text;
  bool color = false;
  bool werror = false;
  std::string today;            // YYYY-MM-DD; empty: the machine's local date
  std::string as_user;          // overrides a backfill's `as`
  std::string backfill;         // compile/plan/render: which backfill
  std::string output;           // compile/render: output path
  bool instances = false;       // render: instance view; plan: the instance list
  std::vector<DumpKind> dumps;  // check: stage outputs to print before the diagnostics
  size_t error_limit = 20;      // errors kept and shown (0: all); later ones only counted
  LoadOptions load;
};

// Exit codes of the commands below: 0 clean or warnings only, 1 errors (or warnings with
// --werror), 2 usage/IO.

// `bfc check`: runs every stage up to verified instances for each backfill (or the one
// named), prints the requested --dump outputs, then the diagnostics.
int check_command(const DriverOptions& opts);
// `bfc plan`: prints a summary of one backfill (text, or JSON with format Json; the
// instance list with `instances`), then the diagnostics as text on stderr.
int plan_command(const DriverOptions& opts);
// `bfc compile`: writes one backfill's plan JSON to opts.output (atomically) or stdout.
int compile_command(const DriverOptions& opts);

// Compiles one backfill into `json` (what `bfc compile` writes), diagnostics as `opts.format`
// says; returns what compile_command would (0 also with warnings).
int compile_to_string(const DriverOptions& opts, std::string& json);

// Prints collected diagnostics in the chosen format (text on stderr, others on stdout)
// and returns the exit code they imply.
int emit_diagnostics(const SourceManager& sm, DiagnosticSink& diags, const DriverOptions& opts);

}  // namespace bfc
