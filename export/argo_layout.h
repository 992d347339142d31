// How a plan is cut into Argo templates and objects (docs/argo.md "Structure"), before any
// YAML is written: groups side by side, the days of a group one after another, each day a
// DAG of its instances (cut into chunks of at most 200 along a topological order when it is
// larger), and the days in child WorkflowTemplates when one Workflow cannot hold them all.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "runtime/plan/plan.h"

namespace bfc::exporter {

// Argo's limits (../shared/data/argo/README.md) and the budget bfc keeps under them.
inline constexpr std::size_t kMaxDagTasks = 200;
inline constexpr std::size_t kMaxTemplates = 200;
inline constexpr std::size_t kMaxObjectBytes = 1000000;  // etcd's limit for one object
inline constexpr std::size_t kObjectBudget = 700000;     // what the layout plans for

// Up to kMaxDagTasks instances of one day, in a topological order of the day's edges.
struct Chunk {
  std::vector<int> members;  // instance positions
  std::vector<int> after;    // earlier chunks of the same day it waits for
  std::size_t bytes = 0;     // estimated YAML size of its DAG template
};

// The instances of one date of one group (their barrier date).
struct Day {
  int group = 0;                    // index into Plan::groups
  int date = 0;                     // index into the group's dates
  std::vector<Chunk> chunks;        // one chunk: the day's DAG holds the instances directly
  std::size_t bytes = 0;            // estimated size of the day with its chunks
  bool own_object = false;          // in a child WorkflowTemplate (else a template of the parent)
  bool chunks_own_objects = false;  // each chunk in its own child WorkflowTemplate
};

// A day of the layout: Layout::groups[group][day].
struct DayRef {
  int group = 0;
  int day = 0;
};

struct Layout {
  std::vector<std::vector<Day>> groups;  // [group] days in run order (days with instances)
  bool children = false;                 // days live in child WorkflowTemplates
  bool exact = true;                     // no ordering added beyond the plan's
  // When instances depend on instances of another group, the groups cannot be separate
  // branches: the days run in waves instead (every day of a wave after every day of the
  // waves before it; a day's wave is one more than the latest wave it waits for, through its
  // group's previous day or a dependency). Empty when the groups are independent.
  std::vector<std::vector<DayRef>> waves;
};

// `leaf_bytes[i]`: the estimated YAML size of instance i's DAG task. Errors (a plan Argo's
// nesting cannot express, or a day beyond the limits) are appended to `errors`.
Layout make_layout(const runtime::Plan& plan, const std::vector<std::size_t>& leaf_bytes,
                   std::vector<std::string>& errors);

}  // namespace bfc::exporter
