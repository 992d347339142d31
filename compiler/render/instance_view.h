// The instance view: every instance of one backfill, in clusters per group (the lanes that
// run side by side) and per date, with data dependencies, the day barriers between
// consecutive dates of a group (dashed), isolated instances and their missing upstream,
// and an instance loop in red. Above a node budget it collapses instead of asking dot for
// a layout that takes minutes: first to one node per task per group, then to the task
// view; it reports W0007 when it does.
#pragma once

#include <cstddef>

#include "plan/instances.h"
#include "render/scene.h"
#include "sema/task_graph.h"
#include "support/diagnostics.h"

namespace bfc::render {

// `dot` lays out about 2,000 nodes in a few seconds; beyond that it takes minutes.
inline constexpr size_t kDefaultNodeBudget = 2000;

// The instance view of `g` within `node_budget` nodes: one node per instance, else one per
// task per group, else the task view (W0007 when it collapses).
Scene build_instance_scene(const InstanceGraph& g, const TaskGraph& graph, size_t node_budget,
                           DiagnosticSink& diags);

// One node per instance (no budget check).
Scene build_full_instance_scene(const InstanceGraph& g);

// One node per (task, group) with its instance count (no budget check).
Scene build_grouped_instance_scene(const InstanceGraph& g);

// How many nodes build_grouped_instance_scene would draw.
size_t grouped_node_count(const InstanceGraph& g);

}  // namespace bfc::render
