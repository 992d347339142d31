// Graph facts about a loaded plan: reverse edges, downstream closure, cycle detection.
#pragma once

#include <string>
#include <vector>

#include "runtime/plan/plan.h"

namespace bfc::runtime {

// For each instance, the instances that list it in `deps` (plan order).
std::vector<std::vector<int>> dependents_of(const Plan& plan);

// `roots` plus every instance that depends on one of them, transitively through `deps`;
// sorted by plan position.
std::vector<int> downstream_closure(const Plan& plan, const std::vector<int>& roots);

// Looks for a cycle through deps and day barriers; returns "a -> b -> a" or "".
std::string find_cycle(const Plan& plan);

}  // namespace bfc::runtime
