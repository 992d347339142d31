// Internal to the driver: the load-and-analyze step every command starts with, and the
// lookup of a backfill named on the command line. Shared by driver.cpp and render.cpp.
#pragma once

#include <string>

#include "driver/driver.h"
#include "sema/analyze.h"

namespace bfc {

// One command's compilation: the loaded program, its diagnostics and the analysis.
struct Session {
  Program prog;
  DiagnosticSink diags;
  Analysis analysis;
  int64_t today = 0;
};

// Resolves --today, loads and analyzes. Returns an exit code to stop with (2 for usage or
// I/O problems), or -1 to go on; diagnostics stay in the session for the caller to print.
int open_session(const DriverOptions& opts, Session& s);

// The backfill named `name`, or nullptr after printing "no backfill named" with a
// suggestion (a usage error: exit 2).
const Backfill* find_backfill(const Analysis& a, const std::string& name);

}  // namespace bfc
