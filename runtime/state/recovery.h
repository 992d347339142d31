// Making a state safe to resume after its runner died: every attempt without a recorded end
// is proven gone (or killed) before anything is re-run.
#pragma once

#include <string>
#include <vector>

#include "runtime/state/state_db.h"

namespace bfc::runtime {

// Kills (SIGKILL) what a dead runner left: the processes of every attempt without a recorded
// end (by their BF_ATTEMPT_ID, and the attempt's process group) and those of attempts its
// last run had not recorded yet (by the run id), repeating until none is found (at most
// `kill_wait_s` each); closes those attempts as "abandoned", and resets instances left
// running, interrupted or failed by propagation to waiting, in one transaction.
// Must be called with the runner lock held. Returns one line per action taken.
// Throws StateError when a process survives SIGKILL.
std::vector<std::string> recover_state(StateDb& db, double kill_wait_s = 10);

// Only the part about the dead runner's processes: kills and closes its open attempts as
// recover_state() does and sets instances left running back to waiting, but leaves failures
// as they are. Operator commands call it when no runner is active, so their change applies
// to a state without phantom running instances. Same preconditions and errors.
std::vector<std::string> recover_orphans(StateDb& db, double kill_wait_s = 10);

}  // namespace bfc::runtime
