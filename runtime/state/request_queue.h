// The queue of operator requests (rerun, mark-success, freeze, unfreeze) in the state
// database, applied by whoever holds the runner lock: the runner between two scheduling
// steps, or an operator command when no runner is active.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "runtime/plan/plan.h"
#include "runtime/state/state_db.h"

namespace bfc::runtime {

// Applies every pending request in one transaction, each recorded in the audit log.
// `running` lists instances with a live attempt (only the active runner knows them).
// Adds a line per applied request to `applied` ("rerun: 3 instances of a set to waiting by
// alice: ... (request 7)"). Returns true when instance states changed.
bool apply_pending_requests(StateDb& db, const Plan& plan, const std::vector<int>& running,
                            std::vector<std::string>* applied = nullptr);

// Applies one request to `states` in memory (nothing is written; `bfc ... --dry-run` uses it
// as is): returns the result text (starting with "rejected:" when `ok` is false) and adds
// the instances it changed to `touched`. `live`: instances with a running attempt.
std::string apply_request(const Plan& plan, const Request& r, const std::set<int>& live,
                          std::vector<InstanceState>& states, std::vector<int>& touched, bool& ok);

// What an action does, as results say it: "set to waiting", "frozen", ...
std::string action_verb(const std::string& action);

// "48 instances (events_daily 40, events_hourly 8)", or "40 instances of events_daily".
std::string count_by_task(const Plan& plan, const std::vector<int>& instances);

}  // namespace bfc::runtime
