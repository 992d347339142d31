// Text dump of the plan stage's output for `bfc check --dump=instances`: stable and
// deterministic, in the instance graph's run order.
#pragma once

#include <string>

#include "plan/instances.h"

namespace bfc {

// One backfill's instance graph: its groups (dates in run order), then every instance with
// its group, bizdate, mode, priority, interval, dependencies (in the plan and external)
// and the day barrier it waits behind.
std::string dump_instances(const InstanceGraph& g);

}  // namespace bfc
