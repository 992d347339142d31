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
      if (!seen[d]) { seen[d] = 1; stack.push_back(d); }
  }
  std::vector<int> out;
  for (std::size_t i = 0; i < seen.size(); ++i)
    if (seen[i]) out.push_back(int(i));
  return out;
}

std::string find_cycle(const Plan& plan) {
  const int n = int(plan.instances.size());
  std::vector<int> barrier_base(plan.groups.size());
  int nodes = n;
  for (std::size_t g = 0; g < plan.groups.size(); ++g) {
    barrier_base[g] = nodes;
    nodes += int(plan.groups[g].dates.size());
  }
  std::vector<std::vector<int>> succ(nodes);
  for (int i = 0; i < n; ++i) {
    const auto& in = plan.instances[i];
    for (int d : in.dep_index) succ[d].push_back(i);
    int b = barrier_base[in.group_index] + in.date_index;
    succ[i].push_back(b);
    if (in.date_index > 0) succ[b - 1].push_back(i);
  }
  std::vector<int> indeg(nodes, 0);
  for (const auto& s : succ)
    for (int t : s) ++indeg[t];
  std::vector<int> queue;
  for (int v = 0; v < nodes; ++v)
    if (indeg[v] == 0) queue.push_back(v);
  std::size_t head = 0;
  while (head < queue.size()) {
    int v = queue[head++];
    for (int t : succ[v])
      if (--indeg[t] == 0) queue.push_back(t);
  }
  if (int(queue.size()) == nodes) return "";
  // Every remaining node has a remaining predecessor (its in-degree never reached zero), so
  // walking backwards inside the remainder must repeat a node: that closes a cycle.
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
      if (indeg[p] > 0) { v = p; break; }
  }
  std::vector<int> loop(path.begin() + pos[v], path.end());
  std::reverse(loop.begin(), loop.end());
  loop.push_back(loop.front());
  auto name = [&](int x) -> std::string {
    if (x < n) return plan.instances[x].id;
    for (std::size_t g = plan.groups.size(); g-- > 0;)
      if (x >= barrier_base[g])
        return "(day barrier after " + plan.groups[g].dates[x - barrier_base[g]] + " in group " +
               std::to_string(plan.groups[g].id) + ")";
    return "?";
  };
  std::string out;
  for (std::size_t k = 0; k < loop.size(); ++k) out += (k ? " -> " : "") + name(loop[k]);
  return out;
}

}  // namespace bfc::runtime
