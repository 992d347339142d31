// The compiler pipeline shared by check, plan, compile and render: resolve the model,
// build the task DAG, type-check params and commands, lint, and per backfill: select,
// expand and verify instances.
#pragma once

#include <optional>

#include "frontend/loader.h"
#include "plan/instances.h"
#include "sema/expr_check.h"
#include "sema/model.h"
#include "sema/task_graph.h"

namespace bfc {

// What the program-wide passes hand on to each backfill and to the plan stage.
struct Analysis {
  Model model;
  TaskGraph graph;
  CheckedParams params;  // param types and reads, for evaluating commands
};

// Program-wide passes (stop early if the front end reported errors). Fills `a` in place:
// instance graphs keep pointers into the model.
void analyze_program(const Program& prog, DiagnosticSink& diags, Analysis& a);

// One backfill: selection, limits, expansion, instance verification.
InstanceGraph analyze_backfill(const Analysis& a, const Backfill& b, const std::string& as_user,
                               int64_t today, DiagnosticSink& diags);

// `--today` as days since epoch (the machine's local date when empty); nullopt if invalid.
std::optional<int64_t> resolve_today(const std::string& today);

}  // namespace bfc
