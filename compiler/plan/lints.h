// Warnings and limit checks that look at a whole backfill (or the whole program).
#pragma once

#include <vector>

#include "plan/instances.h"
#include "sema/expr_check.h"

namespace bfc {

// Per-task lints, independent of backfills: W0001 (no date parameter), W0002 (INSERT INTO).
void lint_tasks(const Model& model, const CheckedParams& params, DiagnosticSink& diags);
// Limits and settings checks before expansion: E0501, E0502, E0504, W0003, W0005, W0006,
// W0009.
void check_backfill_limits(const Model& model, const Backfill& b, const Selection& sel,
                           int64_t today, DiagnosticSink& diags);
// W0004: two backfills that would write the same instances.
void lint_overlaps(const Model& model, const std::vector<const Backfill*>& backfills,
                   const std::vector<Selection>& selections, DiagnosticSink& diags);

}  // namespace bfc
