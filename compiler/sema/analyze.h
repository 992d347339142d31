// Semantic analysis entry point: everything `bfc check` verifies after parsing.
#pragma once

#include "driver/driver.h"
#include "frontend/loader.h"

namespace bfc {

// Runs the semantic passes over a loaded program, reporting into `diags`.
void analyze_program(const Program& prog, const DriverOptions& opts, DiagnosticSink& diags);

}  // namespace bfc
