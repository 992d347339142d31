// Chooses how to draw a backfill's instances within the node budget.
#include "render/instance_view.h"

#include <fmt/format.h>

#include <set>

#include "render/isolated.h"
#include "render/style.h"
#include "render/task_view.h"

namespace bfc::render {

size_t grouped_node_count(const InstanceGraph& g) {
  std::set<std::pair<uint32_t, uint32_t>> seen;
  for (const Instance& in : g.instances) seen.emplace(in.group, in.task);
  return seen.size();
}

Scene build_instance_scene(const InstanceGraph& g, const TaskGraph& graph, size_t node_budget,
                           DiagnosticSink& diags) {
  size_t full = g.instances.size() + find_isolated(g).size();
  if (full <= node_budget) return build_full_instance_scene(g);
  size_t grouped = grouped_node_count(g);
  const Backfill& b = *g.backfill;
  std::string what;
  Scene s;
  if (grouped <= node_budget) {
    s = build_grouped_instance_scene(g);
    what = fmt::format("one node per task per group ({})", plural(grouped, "node", "nodes"));
  } else {
    s = build_task_scene(*g.model, graph, &g);
    what = fmt::format("one node per task ({})", plural(g.model->tasks.size(), "node", "nodes"));
  }
  auto& d = diags.report(
      DiagCode::W0007, b.name_span,
      fmt::format("instance view of `{}` has {}, above the budget of {} nodes; drew {}", b.name,
                  plural(g.instances.size(), "instance", "instances"), group_digits(node_budget),
                  what));
  d.notes.push_back(
      {Span{},
       "a layout of that many nodes would take minutes; narrow `dates` or `select` to see "
       "single instances, or raise the budget with --max-nodes"});
  return s;
}

}  // namespace bfc::render
