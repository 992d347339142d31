// Instance-level loop detection over data edges plus day barriers, on a Boost
// compressed_sparse_row_graph (linear time and memory in instances + edges).
#include <fmt/format.h>

#include <algorithm>
#include <boost/graph/compressed_sparse_row_graph.hpp>

#include "plan/instances.h"
#include "support/calendar.h"

namespace bfc {

namespace {

using Csr = boost::compressed_sparse_row_graph<boost::directedS>;
using Edge = std::pair<uint32_t, uint32_t>;

// Instances (nodes 0..n-1) and day barriers (nodes n..): the barrier node for
// (group, pos) sits between date pos and pos + 1 of the group.
struct BarrierGraph {
  uint32_t instances = 0;
  uint32_t nodes = 0;
  std::vector<uint32_t> barrier_base;  // per group: the node of its first barrier
  std::vector<Edge> edges;             // sorted by source

  // How a loop message names a node: an instance id, or the day barrier it stands for.
  std::string name(const InstanceGraph& g, uint32_t node) const {
    if (node < instances) return "`" + g.id(node) + "`";
    for (const auto& grp : g.groups)
      if (node >= barrier_base[grp.id] && node < barrier_base[grp.id] + grp.dates.size() - 1) {
        uint32_t p = node - barrier_base[grp.id];
        return fmt::format("(day barrier: group {} finishes {} before {})", grp.id,
                           cal::format_date(grp.dates[p]), cal::format_date(grp.dates[p + 1]));
      }
    return "?";
  }
};

// Counting sort by source (stable): linear instead of n log n.
void sort_by_source(std::vector<Edge>& edges, uint32_t nodes) {
  std::vector<uint32_t> start(nodes + 1, 0);
  for (const auto& e : edges) ++start[e.first + 1];
  for (uint32_t v = 0; v < nodes; ++v) start[v + 1] += start[v];
  std::vector<Edge> sorted(edges.size());
  for (const auto& e : edges) sorted[start[e.first]++] = e;
  edges.swap(sorted);
}

BarrierGraph build_barrier_graph(const InstanceGraph& g) {
  BarrierGraph bg;
  const uint32_t n = static_cast<uint32_t>(g.instances.size());
  bg.instances = bg.nodes = n;
  bg.barrier_base.resize(g.groups.size());
  for (const auto& grp : g.groups) {
    bg.barrier_base[grp.id] = bg.nodes;
    bg.nodes += grp.dates.empty() ? 0 : static_cast<uint32_t>(grp.dates.size() - 1);
  }
  bg.edges.reserve(g.deps.size() + 2 * n);
  for (uint32_t i = 0; i < n; ++i) {
    const Instance& in = g.instances[i];
    for (uint32_t k = in.deps_begin; k < in.deps_end; ++k) bg.edges.emplace_back(g.deps[k], i);
    size_t last = g.groups[in.group].dates.size() - 1;
    if (in.barrier_pos < last) bg.edges.emplace_back(i, bg.barrier_base[in.group] + in.barrier_pos);
    if (in.barrier_pos > 0)
      bg.edges.emplace_back(bg.barrier_base[in.group] + in.barrier_pos - 1, i);
  }
  sort_by_source(bg.edges, bg.nodes);
  return bg;
}

// Kahn's algorithm; returns the in-degrees left, non-zero on whatever sits on or after a
// loop (all zero when there is none).
std::vector<uint32_t> remaining_indegrees(const BarrierGraph& bg) {
  Csr csr(boost::edges_are_sorted, bg.edges.begin(), bg.edges.end(), bg.nodes);
  std::vector<uint32_t> indeg(bg.nodes, 0);
  for (const auto& e : bg.edges) ++indeg[e.second];
  std::vector<uint32_t> queue;
  queue.reserve(bg.nodes);
  for (uint32_t v = 0; v < bg.nodes; ++v)
    if (indeg[v] == 0) queue.push_back(v);
  for (size_t h = 0; h < queue.size(); ++h) {
    Csr::out_edge_iterator it, end;
    for (boost::tie(it, end) = boost::out_edges(static_cast<Csr::vertex_descriptor>(queue[h]), csr);
         it != end; ++it) {
      uint32_t t = static_cast<uint32_t>(boost::target(*it, csr));
      if (--indeg[t] == 0) queue.push_back(t);
    }
  }
  return indeg;
}

// One loop among the remaining nodes, in data-flow order, starting at an instance.
std::vector<uint32_t> find_loop(const BarrierGraph& bg, const std::vector<uint32_t>& indeg) {
  // Walk predecessors among the remaining nodes until one repeats: that is a loop.
  std::vector<std::vector<uint32_t>> preds(bg.nodes);
  for (const auto& e : bg.edges)
    if (indeg[e.first] > 0 && indeg[e.second] > 0) preds[e.second].push_back(e.first);
  uint32_t v = 0;
  while (indeg[v] == 0) ++v;
  std::vector<int64_t> seen_at(bg.nodes, -1);
  std::vector<uint32_t> walk;
  while (seen_at[v] < 0) {
    seen_at[v] = static_cast<int64_t>(walk.size());
    walk.push_back(v);
    v = preds[v].front();
  }
  std::vector<uint32_t> cycle(walk.begin() + seen_at[v], walk.end());
  std::reverse(cycle.begin(), cycle.end());
  // Print the loop from an instance, not from a barrier: barriers only sit between
  // instances, so every loop has one.
  auto first_instance =
      std::find_if(cycle.begin(), cycle.end(), [&](uint32_t c) { return c < bg.instances; });
  std::rotate(cycle.begin(), first_instance, cycle.end());
  return cycle;
}

// What closes a loop: the dependency that runs against the backfill's date order (a later
// date waiting for an earlier one when it runs descending, or the reverse), as written: the
// `after` entry or `self_dependent`; an invalid span if none is found.
Span loop_cause(const InstanceGraph& g, const BarrierGraph& bg,
                const std::vector<uint32_t>& cycle) {
  bool descending = g.backfill->settings.descending.value_or(false);
  for (size_t k = 0; k < cycle.size(); ++k) {
    uint32_t a = cycle[k], z = cycle[(k + 1) % cycle.size()];
    if (a >= bg.instances || z >= bg.instances) continue;
    const Instance &from = g.instances[a], &to = g.instances[z];
    if (from.bizdate == to.bizdate) continue;
    if ((from.bizdate < to.bizdate) != descending) continue;
    const Task& t = g.model->tasks[to.task];
    const Dep* dep = nullptr;
    for (const Dep& d : t.deps)
      if (d.task == from.task && (!dep || d.offset_minutes != 0)) dep = &d;
    if (dep) return dep->span;
    if (from.task == to.task && t.self_dependent_span.valid()) return t.self_dependent_span;
  }
  return Span{};
}

// Whether `cycle` has no barrier and all its tasks lie on one of `loops`: the instance image
// of a task loop, which E0401 already reports.
bool repeats_task_loop(const InstanceGraph& g, const BarrierGraph& bg,
                       const std::vector<uint32_t>& cycle, const std::vector<TaskLoop>& loops) {
  for (const TaskLoop& loop : loops) {
    auto on_loop = [&](uint32_t c) {
      return c < bg.instances && std::find(loop.tasks.begin(), loop.tasks.end(),
                                           g.instances[c].task) != loop.tasks.end();
    };
    if (std::all_of(cycle.begin(), cycle.end(), on_loop)) return true;
  }
  return false;
}

// E0402 for `cycle` at what closes it (unless it repeats a task loop); records its instances
// in `g.loop`.
void report_loop(InstanceGraph& g, const BarrierGraph& bg, const std::vector<uint32_t>& cycle,
                 const std::vector<TaskLoop>& task_loops, DiagnosticSink& diags) {
  const uint32_t n = bg.instances;
  std::string path;
  bool via_barrier = false;
  for (uint32_t c : cycle) {
    path += bg.name(g, c) + " -> ";
    via_barrier |= c >= n;
    if (c < n) g.loop.push_back(c);
  }
  path += bg.name(g, cycle.front());
  g.loop_is_task_loop = repeats_task_loop(g, bg, cycle, task_loops);
  if (g.loop_is_task_loop) return;
  const Backfill& b = *g.backfill;
  Span cause = via_barrier ? loop_cause(g, bg, cycle) : Span{};
  auto& d = diags.report(DiagCode::E0402, cause.valid() ? cause : b.name_span,
                         fmt::format("instance loop in backfill `{}`: {}", b.name, path));
  if (!via_barrier) return;
  d.notes.push_back(
      {Span{},
       "a day waits for the previous day of its group to finish, and an instance of the earlier "
       "day waits for a later one: this backfill would never finish"});
  const Span order = b.settings.order_span;
  if (b.settings.descending.value_or(false) && order.valid())
    d.notes.push_back(
        {order, "the backfill runs later dates first; run it with `order = ascending`"});
  if (cause.valid())
    d.notes.push_back({b.name_span, fmt::format("backfill `{}` is declared here", b.name)});
  if (cause.valid()) return;
  for (uint32_t c : cycle)
    if (c < n && g.model->tasks[g.instances[c].task].self_dependent) {
      d.notes.push_back({g.model->tasks[g.instances[c].task].name_span,
                         "this task is self-dependent; run it with `order = ascending`"});
      break;
    }
}

}  // namespace

void verify_instance_graph(InstanceGraph& g, DiagnosticSink& diags,
                           const std::vector<TaskLoop>& task_loops) {
  if (g.instances.empty()) return;
  BarrierGraph bg = build_barrier_graph(g);
  std::vector<uint32_t> indeg = remaining_indegrees(bg);
  if (std::all_of(indeg.begin(), indeg.end(), [](uint32_t d) { return d == 0; })) return;
  report_loop(g, bg, find_loop(bg, indeg), task_loops, diags);
}

}  // namespace bfc
