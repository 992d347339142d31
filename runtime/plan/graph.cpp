// Graph algorithms over the instance graph. Day barriers are modelled with one extra node per
// (group, date): every instance of the date points to it, it points to every instance of the
// group's next date, so barriers cost O(n) edges instead of O(n^2).
#include "runtime/plan/graph.h"

#include <algorithm>

namespace bfc::runtime {

std::vector<std::vector<int>> dependents_of(const Plan& plan) {
  std::vector<std::vector<int>> out(plan.instances.size());
  for (std::size_t i = 0; i < plan.instances.size(); ++i)
    for (int d : plan.instances[i].dep_index) out[d].push_back(int(i));
  return out;
}

std::vector<int> downstream_closure(const Plan& plan, const std::vector<int>& roots) {
  auto down = dependents_of(plan);
  std::vector<char> seen(plan.instances.size(), 0);
  std::vector<int> stack(roots.begin(), roots.end());
  for (int r : roots) seen[r] = 1;
  while (!stack.empty()) {
    int i = stack.back();
    stack.pop_back();
    for (int d : down[i])
      if (!seen[d]) {
        seen[d] = 1;
        stack.push_back(d);
      }
  }
  std::vector<int> out;
  for (std::size_t i = 0; i < seen.size(); ++i)
    if (seen[i]) out.push_back(int(i));
  return out;
}

namespace {

// The instance graph with the day barriers as extra nodes, numbered after the instances.
struct BarrierGraph {
  std::vector<int> barrier_base;       // [group] node of the barrier after its first date
  std::vector<std::vector<int>> succ;  // node -> nodes that wait for it
};

BarrierGraph barrier_graph(const Plan& plan) {
  BarrierGraph g;
  g.barrier_base.resize(plan.groups.size());
  int nodes = int(plan.instances.size());
  for (std::size_t k = 0; k < plan.groups.size(); ++k) {
    g.barrier_base[k] = nodes;
    nodes += int(plan.groups[k].dates.size());
  }
  g.succ.resize(nodes);
  for (int i = 0; i < int(plan.instances.size()); ++i) {
    const auto& in = plan.instances[i];
    for (int d : in.dep_index) g.succ[d].push_back(i);
    int b = g.barrier_base[in.group_index] + in.date_index;
    g.succ[i].push_back(b);
    if (in.date_index > 0) g.succ[b - 1].push_back(i);
  }
  return g;
}

// Kahn's algorithm: the in-degrees left once every node that can be ordered is removed. All
// zero when the graph has no cycle.
std::vector<int> unordered_indegrees(const std::vector<std::vector<int>>& succ) {
  std::vector<int> indeg(succ.size(), 0);
  for (const auto& s : succ)
    for (int t : s) ++indeg[t];
  std::vector<int> queue;
  for (int v = 0; v < int(succ.size()); ++v)
    if (indeg[v] == 0) queue.push_back(v);
  for (std::size_t head = 0; head < queue.size(); ++head)
    for (int t : succ[queue[head]])
      if (--indeg[t] == 0) queue.push_back(t);
  return indeg;
}

// A cycle among the nodes left with an in-degree, in edge order, its first node repeated at
// the end.
std::vector<int> cycle_in(const std::vector<std::vector<int>>& succ,
                          const std::vector<int>& indeg) {
  // Every remaining node has a remaining predecessor (its in-degree never reached zero), so
  // walking backwards inside the remainder must repeat a node: that closes a cycle.
  const int nodes = int(succ.size());
  std::vector<std::vector<int>> pred(nodes);
  for (int s = 0; s < nodes; ++s)
    for (int t : succ[s]) pred[t].push_back(s);
  int start = 0;
  while (indeg[start] == 0) ++start;
  std::vector<int> pos(nodes, -1), path;
  int v = start;
  while (pos[v] < 0) {
    pos[v] = int(path.size());
    path.push_back(v);
    for (int p : pred[v])
      if (indeg[p] > 0) {
        v = p;
        break;
      }
  }
  std::vector<int> loop(path.begin() + pos[v], path.end());
  std::reverse(loop.begin(), loop.end());
  loop.push_back(loop.front());
  return loop;
}

// An instance id, or the day barrier a barrier node stands for.
std::string node_name(const Plan& plan, const BarrierGraph& g, int x) {
  if (x < int(plan.instances.size())) return plan.instances[x].id;
  for (std::size_t k = plan.groups.size(); k-- > 0;)
    if (x >= g.barrier_base[k])
      return "(day barrier after " + plan.groups[k].dates[x - g.barrier_base[k]] + " in group " +
             std::to_string(plan.groups[k].id) + ")";
  return "?";
}

}  // namespace

std::string find_cycle(const Plan& plan) {
  BarrierGraph g = barrier_graph(plan);
  std::vector<int> indeg = unordered_indegrees(g.succ);
  if (std::all_of(indeg.begin(), indeg.end(), [](int d) { return d == 0; })) return "";
  std::vector<int> loop = cycle_in(g.succ, indeg);
  std::string out;
  for (std::size_t k = 0; k < loop.size(); ++k)
    out += (k ? " -> " : "") + node_name(plan, g, loop[k]);
  return out;
}

}  // namespace bfc::runtime
