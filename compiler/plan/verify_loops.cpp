// Instance-level loop detection over data edges plus day barriers, on a Boost
// compressed_sparse_row_graph (linear time and memory in instances + edges).
#include <fmt/format.h>

#include <algorithm>
#include <boost/graph/compressed_sparse_row_graph.hpp>

#include "plan/instances.h"
#include "support/calendar.h"

namespace bfc {

using Csr = boost::compressed_sparse_row_graph<boost::directedS>;

void verify_instance_graph(InstanceGraph& g, DiagnosticSink& diags) {
  const uint32_t n = static_cast<uint32_t>(g.instances.size());
  if (n == 0) return;
  // Barrier node for (group, pos) sits between date pos and pos + 1 of the group.
  std::vector<uint32_t> barrier_base(g.groups.size());
  uint32_t nodes = n;
  for (const auto& grp : g.groups) {
    barrier_base[grp.id] = nodes;
    nodes += grp.dates.empty() ? 0 : static_cast<uint32_t>(grp.dates.size() - 1);
  }
  std::vector<std::pair<uint32_t, uint32_t>> edges;
  edges.reserve(g.deps.size() + 2 * n);
  for (uint32_t i = 0; i < n; ++i) {
    const Instance& in = g.instances[i];
    for (uint32_t k = in.deps_begin; k < in.deps_end; ++k) edges.emplace_back(g.deps[k], i);
    size_t last = g.groups[in.group].dates.size() - 1;
    if (in.date_pos < last) edges.emplace_back(i, barrier_base[in.group] + in.date_pos);
    if (in.date_pos > 0) edges.emplace_back(barrier_base[in.group] + in.date_pos - 1, i);
  }
  // Counting sort by source (stable): linear instead of n log n.
  {
    std::vector<uint32_t> start(nodes + 1, 0);
    for (const auto& e : edges) ++start[e.first + 1];
    for (uint32_t v = 0; v < nodes; ++v) start[v + 1] += start[v];
    std::vector<std::pair<uint32_t, uint32_t>> sorted(edges.size());
    for (const auto& e : edges) sorted[start[e.first]++] = e;
    edges.swap(sorted);
  }
  Csr csr(boost::edges_are_sorted, edges.begin(), edges.end(), nodes);

  // Kahn's algorithm; whatever is left sits on or after a loop.
  std::vector<uint32_t> indeg(nodes, 0);
  for (const auto& e : edges) ++indeg[e.second];
  std::vector<uint32_t> queue;
  queue.reserve(nodes);
  for (uint32_t v = 0; v < nodes; ++v)
    if (indeg[v] == 0) queue.push_back(v);
  for (size_t h = 0; h < queue.size(); ++h) {
    Csr::out_edge_iterator it, end;
    for (boost::tie(it, end) = boost::out_edges(static_cast<Csr::vertex_descriptor>(queue[h]), csr); it != end; ++it) {
      uint32_t t = static_cast<uint32_t>(boost::target(*it, csr));
      if (--indeg[t] == 0) queue.push_back(t);
    }
  }
  if (queue.size() == nodes) return;

  // Walk predecessors among the remaining nodes until one repeats: that is a loop.
  std::vector<std::vector<uint32_t>> preds(nodes);
  for (const auto& e : edges)
    if (indeg[e.first] > 0 && indeg[e.second] > 0) preds[e.second].push_back(e.first);
  uint32_t v = 0;
  while (indeg[v] == 0) ++v;
  std::vector<int64_t> seen_at(nodes, -1);
  std::vector<uint32_t> walk;
  while (seen_at[v] < 0) {
    seen_at[v] = static_cast<int64_t>(walk.size());
    walk.push_back(v);
    v = preds[v].front();
  }
  std::vector<uint32_t> cycle(walk.begin() + seen_at[v], walk.end());
  std::reverse(cycle.begin(), cycle.end());  // data-flow order
  // Print the loop from an instance, not from a barrier: barriers only sit between
  // instances, so every loop has one.
  auto first_instance = std::find_if(cycle.begin(), cycle.end(), [&](uint32_t c) { return c < n; });
  std::rotate(cycle.begin(), first_instance, cycle.end());

  auto name = [&](uint32_t node) -> std::string {
    if (node < n) return "`" + g.id(node) + "`";
    for (const auto& grp : g.groups)
      if (node >= barrier_base[grp.id] && node < barrier_base[grp.id] + grp.dates.size() - 1) {
        uint32_t p = node - barrier_base[grp.id];
        return fmt::format("(day barrier: group {} finishes {} before {})", grp.id,
                           cal::format_date(grp.dates[p]), cal::format_date(grp.dates[p + 1]));
      }
    return "?";
  };
  std::string path;
  bool via_barrier = false;
  for (uint32_t c : cycle) {
    path += name(c) + " -> ";
    via_barrier |= c >= n;
    if (c < n) g.loop.push_back(c);
  }
  path += name(cycle.front());
  const Backfill& b = *g.backfill;
  auto& d = diags.report(DiagCode::E0402, b.name_span, fmt::format("instance loop in backfill `{}`: {}", b.name, path));
  if (via_barrier) {
    d.notes.push_back({Span{}, "a day waits for the previous day of its group to finish, and an instance of the earlier "
                               "day waits for a later one: this backfill would never finish"});
    for (uint32_t c : cycle)
      if (c < n && g.model->tasks[g.instances[c].task].self_dependent) {
        d.notes.push_back({g.model->tasks[g.instances[c].task].name_span,
                           "this task is self-dependent; run it with `order = ascending`"});
        break;
      }
  }
}

}  // namespace bfc
