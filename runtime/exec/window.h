// The daily start window ("22:00..06:00"): when new attempts may start.
#pragma once

#include "runtime/plan/plan.h"

namespace bfc::runtime {

// True when a start at `second_of_day` (local) is allowed. Both ends are inclusive to the
// minute: 22:00..06:00 allows 22:00:00 through 06:00:59.
bool window_open(const PlanWindow& window, int second_of_day);

// Seconds from `second_of_day` until the window next opens; 0 when it is open now.
int seconds_until_open(const PlanWindow& window, int second_of_day);

}  // namespace bfc::runtime
