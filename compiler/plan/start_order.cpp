#include "plan/start_order.h"

#include <queue>
#include <tuple>

namespace bfc {

namespace {

// The simulation's state: what is left to wait for, per instance and per group date.
struct Simulation {
  const InstanceGraph& g;
  std::vector<std::vector<uint32_t>> dependents;
  std::vector<uint32_t> waiting_deps;                   // per instance: deps not done yet
  std::vector<std::vector<uint32_t>> left_per_date;     // per group, per date_pos: not done
  std::vector<std::vector<std::vector<uint32_t>>> at;   // per group, per date_pos: instances
  std::vector<uint32_t> current;                        // per group: current date_pos
  std::queue<uint32_t> dry;                             // ready dry runs, plan order
  std::priority_queue<std::tuple<int, int64_t>> ready;  // (priority, -index)
  std::vector<bool> done;

  explicit Simulation(const InstanceGraph& graph) : g(graph) {
    size_t n = g.instances.size();
    dependents.resize(n);
    waiting_deps.assign(n, 0);
    done.assign(n, false);
    left_per_date.resize(g.groups.size());
    at.resize(g.groups.size());
    current.assign(g.groups.size(), 0);
    for (uint32_t i = 0; i < n; ++i) {
      const Instance& in = g.instances[i];
      for (uint32_t k = in.deps_begin; k < in.deps_end; ++k) dependents[g.deps[k]].push_back(i);
      waiting_deps[i] = in.deps_end - in.deps_begin;
      if (in.group >= at.size()) continue;
      if (at[in.group].size() <= in.date_pos) {
        at[in.group].resize(in.date_pos + 1);
        left_per_date[in.group].resize(in.date_pos + 1, 0);
      }
      at[in.group][in.date_pos].push_back(i);
      ++left_per_date[in.group][in.date_pos];
    }
  }

  bool is_current(uint32_t i) const {
    const Instance& in = g.instances[i];
    return in.group < current.size() && current[in.group] == in.date_pos;
  }

  void offer(uint32_t i) {
    if (done[i] || waiting_deps[i] != 0 || !is_current(i)) return;
    if (g.instances[i].dry_run)
      dry.push(i);
    else
      ready.emplace(g.instances[i].priority, -static_cast<int64_t>(i));
  }

  // Marks `i` done, then offers what it unblocked: dependents, and the group's next date
  // when this was the last instance of the current one (dates with no instances skipped).
  void finish(uint32_t i) {
    done[i] = true;
    for (uint32_t d : dependents[i])
      if (--waiting_deps[d] == 0) offer(d);
    const Instance& in = g.instances[i];
    if (in.group >= at.size() || --left_per_date[in.group][in.date_pos] != 0) return;
    uint32_t& cur = current[in.group];
    while (cur < at[in.group].size() && left_per_date[in.group][cur] == 0) ++cur;
    if (cur < at[in.group].size())
      for (uint32_t j : at[in.group][cur]) offer(j);
  }
};

}  // namespace

std::vector<uint32_t> start_order(const InstanceGraph& g) {
  Simulation sim(g);
  for (size_t grp = 0; grp < sim.current.size(); ++grp)
    while (sim.current[grp] < sim.at[grp].size() && sim.left_per_date[grp][sim.current[grp]] == 0)
      ++sim.current[grp];
  for (uint32_t i = 0; i < g.instances.size(); ++i) sim.offer(i);
  std::vector<uint32_t> order;
  order.reserve(g.instances.size());
  while (!sim.dry.empty() || !sim.ready.empty()) {
    uint32_t i;
    if (!sim.dry.empty()) {
      i = sim.dry.front();
      sim.dry.pop();
    } else {
      i = static_cast<uint32_t>(-std::get<1>(sim.ready.top()));
      sim.ready.pop();
    }
    order.push_back(i);
    sim.finish(i);
  }
  for (uint32_t i = 0; i < g.instances.size(); ++i)
    if (!sim.done[i]) order.push_back(i);
  return order;
}

}  // namespace bfc
