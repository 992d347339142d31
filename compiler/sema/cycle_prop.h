// Reading a task's `cycle` property: `daily`, `hourly`, `every(15m)`, `weekly(mon)`,
// `monthly(1)` or `cron("0 */6 * * *")`.
#pragma once

#include "frontend/ast.h"
#include "sema/model.h"
#include "support/diagnostics.h"

namespace bfc {

// Sets `t.cycle` and `t.cycle_span` from the `cycle` member `m`; reports E0303 for a cycle
// that is not one of the forms above and E0304 for an invalid cron expression.
void read_cycle(const ast::Member& m, Task& t, DiagnosticSink& diags);

}  // namespace bfc
