// Builds the semantic model from parsed files: names, typed properties, range checks.
#pragma once

#include "frontend/loader.h"
#include "sema/model.h"

namespace bfc {

// Resolves every declaration of the program. Errors are reported; what resolved is kept.
Model resolve_program(const Program& prog, DiagnosticSink& diags);

}  // namespace bfc
