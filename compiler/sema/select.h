// Selection: evaluates `select` and `exclude`, applies permissions, and decides each
// task's role in the backfill (run, dry-run, dropped, not selected). Computes the roots.
#pragma once

#include <string>
#include <vector>

#include "sema/model.h"
#include "sema/task_graph.h"
#include "support/diagnostics.h"

namespace bfc {

enum class Role : uint8_t {
  NotSelected,
  Run,
  DryRunExcluded,      // excluded but between two running tasks
  DryRunNoPermission,  // initiator not a member, but between two running tasks
  DroppedExcluded,     // excluded and not between running tasks
  DroppedNoPermission,
};

bool is_dry_run(Role r);
bool in_plan(Role r);
const char* role_name(Role r);

struct Selection {
  std::vector<Role> role;       // per task
  std::vector<uint32_t> tasks;  // tasks with instances (run or dry-run), ascending index
  std::vector<uint32_t> roots;  // plan tasks with no upstream in the plan
  std::string initiator;
};

// Evaluates the selection for one backfill. `as_user` (from --as) overrides `as`.
Selection select_tasks(const Model& model, const TaskGraph& graph, const Backfill& b,
                       const std::string& as_user, DiagnosticSink& diags);

}  // namespace bfc
