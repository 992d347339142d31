// The task DAG (Boost.Graph): edges from upstream to downstream task, loop detection with
// full paths, and reachability for selection.
#pragma once

#include <cstdint>
#include <vector>

#include "sema/model.h"
#include "support/diagnostics.h"

namespace bfc {

// A dependency loop among tasks: tasks[0] -> tasks[1] -> ... -> tasks[0] in data-flow
// order; edge_spans[i] is the `after` entry that makes tasks[i+1] wait on tasks[i].
struct TaskLoop {
  std::vector<uint32_t> tasks;
  std::vector<Span> edge_spans;
};

// The task DAG of `after` edges, both ways, with the loops found in it.
struct TaskGraph {
  std::vector<std::vector<uint32_t>> down;  // down[u]: tasks that depend on u
  std::vector<std::vector<uint32_t>> up;    // up[t]: tasks t depends on
  std::vector<TaskLoop> loops;              // loops made of zero-offset edges
};

// Builds the edges of every task's `after` entries and finds the zero-offset loops.
TaskGraph build_task_graph(const Model& model);
// Reports each loop (E0401) with its path and the span of every edge.
void report_task_loops(const TaskGraph& g, const Model& model, DiagnosticSink& diags);
// Marks every task reachable from `from` (inclusive) going down or up the edges.
std::vector<char> reachable(const TaskGraph& g, const std::vector<uint32_t>& from, bool downstream);

}  // namespace bfc
