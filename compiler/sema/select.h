// Selection: evaluates `select` and `exclude`, applies permissions, and decides each
// task's role in the backfill (run, dry-run, dropped, not selected). Computes the roots.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sema/model.h"
#include "sema/task_graph.h"
#include "support/diagnostics.h"

namespace bfc {

// What a backfill does with a task.
enum class Role : uint8_t {
  NotSelected,          // not picked by `select`
  Run,                  // selected, and the initiator may run it
  DryRunExcluded,       // excluded but between two running tasks
  DryRunNoPermission,   // initiator not a member, but between two running tasks
  DryRunNotSelected,    // not picked by `select`, but on a path between two running tasks
  DroppedExcluded,      // excluded and not between running tasks
  DroppedNoPermission,  // initiator not a member, and not between running tasks
};

// Whether instances of the task are generated but not run (a DryRun* role).
bool is_dry_run(Role r);
// Whether the task has instances in the plan (run or dry-run).
bool in_plan(Role r);
// The role as one word ("run", "dry_run_excluded", ...).
const char* role_name(Role r);

// Which tasks one backfill runs, dry-runs or drops, and its roots.
struct Selection {
  std::vector<Role> role;              // per task
  std::vector<uint32_t> tasks;         // tasks with instances (run or dry-run), ascending index
  std::vector<uint32_t> roots;         // plan tasks with no upstream in the plan
  std::vector<uint32_t> denied_roots;  // roots the initiator may not run (E0404 reported)
  std::string initiator;               // who starts the backfill (`as`, or --as)
  // Per task: for a DryRunNotSelected task, a running task above it and one below it.
  std::vector<std::pair<uint32_t, uint32_t>> between;
};

// Evaluates the selection for one backfill. `as_user` (from --as) overrides `as`.
Selection select_tasks(const Model& model, const TaskGraph& graph, const Backfill& b,
                       const std::string& as_user, DiagnosticSink& diags);

}  // namespace bfc
