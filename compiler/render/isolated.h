// Finds the isolated instances of a backfill: instances that depend on an instance of a
// planned task, on a backfill date, that the backfill does not generate (E0403). The
// expander reports only a count and the first case; the instance view needs every one.
#pragma once

#include <vector>

#include "plan/instances.h"

namespace bfc::render {

// One isolated dependency: an instance and the upstream instance it would wait for.
struct IsolatedDep {
  uint32_t instance;    // the instance that would wait forever
  ExternalRef missing;  // what it waits for
};

// Every isolated dependency, in instance order. Empty (and free) when g.isolated == 0.
std::vector<IsolatedDep> find_isolated(const InstanceGraph& g);

}  // namespace bfc::render
