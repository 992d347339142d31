#include "sema/analyze.h"

#include "sema/properties.h"

namespace bfc {

void analyze_program(const Program& prog, const DriverOptions&, DiagnosticSink& diags) {
  for (const auto& f : prog.files) check_properties(f, diags);
}

}  // namespace bfc
