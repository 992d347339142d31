// A plan's outline (path, hash, backfill name, date groups and each instance's id, task,
// bizdate and group) read from its state database instead of parsing the plan: `bfc status`
// and operator commands on large plans.
#pragma once

#include <optional>
#include <string>

#include "runtime/plan/plan.h"

namespace bfc::runtime {

// The outline of the plan at `plan_path` (Plan::outline_only set: no deps, commands or
// intervals; groups only when the state records them, meta `groups`, which a run writes),
// taken from the state at `state_path` when that state was made from exactly this file (same
// SHA-256): the file was validated when the state was made, and reading the state
// is much cheaper than parsing a large plan. nullopt when there is no such state (the caller
// then loads the plan itself). Throws DbError for an unreadable state.
std::optional<Plan> plan_from_state(const std::string& plan_path, const std::string& state_path);

}  // namespace bfc::runtime
