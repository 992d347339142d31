// The dependency step of instance expansion: which instances each instance waits for.
#pragma once

#include "plan/instances.h"
#include "support/diagnostics.h"

namespace bfc {

// Fills every instance's data dependencies (`deps`) and external dependencies (`ext`),
// sorted by id; reports upstream instances inside the backfill's dates that the backfill
// does not generate (E0403), once per (task, upstream) pair.
void link_dependencies(InstanceGraph& g, DiagnosticSink& diags);

}  // namespace bfc
