// The instance graph: every (task, interval) instance of one backfill with its data
// dependencies, groups and priority; plus the verification that needs instances.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sema/model.h"
#include "sema/select.h"
#include "support/diagnostics.h"

namespace bfc {

// One unit of work: a task over one data interval.
struct Instance {
  uint32_t task = 0;
  uint32_t group = 0;
  uint32_t date_pos = 0;     // position of bizdate inside its group (run order)
  uint32_t barrier_pos = 0;  // the day barrier it belongs to: last covered date of its group
  int64_t start = 0;         // interval start, minutes since epoch
  int64_t end = 0;
  int64_t bizdate = 0;  // days since epoch
  uint8_t priority = 1;
  bool dry_run = false;
  uint32_t deps_begin = 0, deps_end = 0;  // into InstanceGraph::deps
  uint32_t ext_begin = 0, ext_end = 0;    // into InstanceGraph::ext
};

// An instance outside the plan that some instance reads.
struct ExternalRef {
  uint32_t task;
  int64_t start;
  bool operator==(const ExternalRef& o) const { return task == o.task && start == o.start; }
};

// One lane of dates that run one after another; groups run side by side.
struct Group {
  uint32_t id;
  std::vector<int64_t> dates;  // in run order
};

// Every instance of one backfill with its dependencies and groups: what the plan is
// emitted, summarized and drawn from.
struct InstanceGraph {
  const Model* model = nullptr;
  const Backfill* backfill = nullptr;
  Selection selection;
  int64_t today = 0;
  std::vector<Group> groups;
  std::vector<Instance> instances;  // ordered by (group, date_pos, id)
  std::vector<uint32_t> deps;       // data dependencies (instance indices), sorted by id
  std::vector<ExternalRef> ext;     // per-instance external deps, sorted by id
  std::vector<uint32_t> task_rank;  // order of tasks by their id prefix ("name@")
  uint64_t isolated = 0;            // count of isolated dependencies found
  std::vector<uint32_t> loop;       // instances of one instance-level loop, if any
  bool loop_is_task_loop = false;   // `loop` repeats a task loop: E0401, no E0402

  // The id of an instance ("task@2024-03-01").
  std::string id(uint32_t instance) const;
  // The id of an instance outside the plan.
  std::string external_id(const ExternalRef& r) const;
};

// Expands the selected tasks over the backfill's dates: instances, dependencies, groups,
// priorities; reports isolated instances (E0403) and limit errors (E0503).
InstanceGraph expand_instances(const Model& model, const Backfill& b, Selection selection,
                               int64_t today, DiagnosticSink& diags);

// Verifies the instance graph, day barriers included: reports an instance loop (E0402),
// except one that only repeats a task loop of `task_loops` (already reported as E0401); its
// instances are recorded in `g.loop` either way, for render.
void verify_instance_graph(InstanceGraph& g, DiagnosticSink& diags,
                           const std::vector<TaskLoop>& task_loops = {});

// The id suffix of an interval start for a task's cycle ("2024-03-01" or "2024-03-01T05:00").
std::string interval_label(const Cycle& c, int64_t start);

// Splits dates (already in run order) into min(parallel, n) contiguous groups, larger first.
std::vector<Group> make_groups(const std::vector<int64_t>& ordered_dates, int64_t parallel);

// DataWorks' priority downgrade for bizdates older than the day before `today`.
int effective_priority(int priority, int64_t bizdate, int64_t today);

}  // namespace bfc
