// Internal to the driver: the load-and-analyze step every command starts with, and the
// lookup of a backfill named on the command line. Shared by driver.cpp and render.cpp.
#pragma once

#include <string>

#include "driver/driver.h"
#include "driver/pipeline.h"

namespace bfc {

// One command's compilation: the loaded program, its diagnostics and the analysis.
struct Session {
  Program prog;
  DiagnosticSink diags;
  Analysis analysis;
  int64_t today = 0;
  size_t front_end_errors = 0;  // errors reported while loading (before sema)
};

// Resolves --today, loads and analyzes. Returns an exit code to stop with (2 for usage or
// I/O problems), or -1 to go on; diagnostics stay in the session for the caller to print.
int open_session(const DriverOptions& opts, Session& s);

// The backfill named `name`, or nullptr after reporting E0210 (no source span: the name
// comes from the command line) with a suggestion. The caller prints the diagnostics and
// exits with kUsageError: a command-line problem, not a problem of the plan.
const Backfill* find_backfill(const Analysis& a, const std::string& name, DiagnosticSink& diags);

// Reports E0211 (no source span, like E0210) when a command needs one backfill, none was
// named with --backfill and the plan declares none or several: `what` says who needs it
// ("`compile` works on one backfill", ...). The caller prints it and exits with kUsageError.
void report_backfill_not_chosen(const Analysis& a, const std::string& what, DiagnosticSink& diags);

// The exit code for usage and I/O problems.
constexpr int kUsageError = 2;

}  // namespace bfc
