// The order in which `bfc run` would start a plan's instances, for `bfc plan`.
#pragma once

#include <cstdint>
#include <vector>

#include "plan/instances.h"

namespace bfc {

// Every instance index in the order the runtime's rules start them (docs/runtime.md,
// "Scheduling rules"), simulated with one slot and commands that succeed at once: an
// instance is ready when its deps are done and its date is its group's current date (day
// barrier); ready dry runs complete first, then the ready instance of highest priority
// starts, ties in plan order. Instances a loop keeps from ever being ready come last, in
// plan order.
std::vector<uint32_t> start_order(const InstanceGraph& g);

}  // namespace bfc
