// Making a state safe to resume after its runner died: every attempt without a recorded end
// is proven gone (or killed) before anything is re-run.
#pragma once

#include <string>
#include <vector>

#include "state_db.h"

namespace bfc::runtime {

// Kills (SIGKILL) the process group of every attempt left open by a dead runner and waits
// until it is gone (at most `kill_wait_s` per group), closes those attempts as "abandoned",
// and resets instances left running, interrupted or failed by propagation to waiting.
// Must be called with the runner lock held. Returns one line per action taken.
// Throws StateError when a process group refuses to die.
std::vector<std::string> recover_state(StateDb& db, double kill_wait_s = 10);

}  // namespace bfc::runtime
