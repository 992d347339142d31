// The queue of operator requests (rerun, mark-success, freeze, unfreeze) in the state
// database, applied by whoever holds the runner lock: the runner between two scheduling
// steps, or an operator command when no runner is active.
#pragma once

#include <vector>

#include "runtime/plan/plan.h"
#include "runtime/state/state_db.h"

namespace bfc::runtime {

// Applies every pending request in one transaction, each recorded in the audit log.
// `running` lists instances with a live attempt (only the active runner knows them).
// Returns true when instance states changed.
bool apply_pending_requests(StateDb& db, const Plan& plan, const std::vector<int>& running);

}  // namespace bfc::runtime
