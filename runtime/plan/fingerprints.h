// Fingerprints for a plan of the previous format (bfc-plan/1), computed from its fields by
// the rule the compiler follows when it writes bfc-plan/2 (docs/plan-format.md).
#pragma once

#include <cstdint>

#include "runtime/plan/plan.h"

namespace bfc::runtime {

// The fingerprint of one instance from its fields.
std::uint64_t own_fingerprint(const PlanInstance& in);

// Sets every instance's fingerprint and lineage. Needs dep_index (load_plan fills it) and
// an acyclic dependency graph.
void compute_fingerprints(Plan& plan);

}  // namespace bfc::runtime
