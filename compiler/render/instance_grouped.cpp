// The collapsed instance view: one node per (task, group) with its instance and date
// counts, used when one node per instance is over the budget.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "render/instance_view.h"
#include "render/isolated.h"
#include "render/legend.h"
#include "render/style.h"
#include "support/calendar.h"

namespace bfc::render {

Scene build_grouped_instance_scene(const InstanceGraph& g) {
  const Model& m = *g.model;
  Scene s;
  s.name = g.backfill->name;
  apply_base_style(s, "LR");
  set_attr(s.graph_attrs, "label",
           label_text(fmt::format("backfill {}: {}, {} (one node per task per group)", g.backfill->name,
                                  plural(g.instances.size(), "instance", "instances"),
                                  plural(g.groups.size(), "group", "groups"))));

  // Per (group, task): instance count, loop / isolated flags.
  struct Cell {
    uint64_t count = 0;
    bool loop = false, isolated = false;
    uint32_t node = 0;
  };
  std::map<std::pair<uint32_t, uint32_t>, Cell> cells;
  for (const Instance& in : g.instances) ++cells[{in.group, in.task}].count;
  for (uint32_t i : g.loop) cells[{g.instances[i].group, g.instances[i].task}].loop = true;
  for (const auto& iso : find_isolated(g)) {
    const Instance& in = g.instances[iso.instance];
    cells[{in.group, in.task}].isolated = true;
  }

  std::vector<uint32_t> group_cluster(g.groups.size(), kTopLevel);
  std::set<Role> roles_seen;
  bool any_loop = false, any_isolated = false;
  // Nodes in group order, then task id order (task_rank), for a stable drawing.
  std::vector<std::pair<std::pair<uint32_t, uint32_t>, Cell*>> order;
  for (auto& [key, cell] : cells) order.push_back({key, &cell});
  std::sort(order.begin(), order.end(), [&](const auto& x, const auto& y) {
    if (x.first.first != y.first.first) return x.first.first < y.first.first;
    return g.task_rank[x.first.second] < g.task_rank[y.first.second];
  });
  for (auto& [key, cell] : order) {
    auto [group, task_index] = key;
    const Group& grp = g.groups[group];
    if (group_cluster[group] == kTopLevel) {
      uint32_t c = s.add_cluster(fmt::format("cluster_g{}", grp.id));
      Attrs& a = s.clusters[c].attrs;
      std::string range = grp.dates.empty() ? "" : cal::format_date(grp.dates.front());
      if (grp.dates.size() > 1) range += " .. " + cal::format_date(grp.dates.back());
      set_attr(a, "label", label_text(fmt::format("group {}: {} ({}, one after another)", grp.id, range,
                                                  plural(grp.dates.size(), "date", "dates"))));
      set_attr(a, "style", "rounded");
      set_attr(a, "color", "#8a9bbd");
      set_attr(a, "id", fmt::format("group-{}", grp.id));
      set_attr(a, "class", "group");
      group_cluster[group] = c;
    }
    const Task& task = m.tasks[task_index];
    std::string id = fmt::format("{}@group{}", task.name, grp.id);
    cell->node = s.add_node(id, group_cluster[group]);
    Attrs& a = s.nodes[cell->node].attrs;
    Role r = g.selection.role[task_index];
    const RoleStyle& st = role_style(r);
    roles_seen.insert(r);
    std::string label = fmt::format("{}\n{} · {}", task.name, task.cycle.text, plural(cell->count, "instance", "instances"));
    if (r != Role::Run) label += "\n" + std::string(st.caption);
    std::string cls = std::string("instance-group role-") + st.css;
    set_attr(a, "fillcolor", st.fill);
    set_attr(a, "color", st.border);
    set_attr(a, "style", st.style);
    if (cell->isolated) {
      cls += " isolated";
      any_isolated = true;
      set_attr(a, "color", kAlertColor);
      set_attr(a, "penwidth", "2.5");
      set_attr(a, "style", "rounded,filled,dashed");
    }
    if (cell->loop) {
      cls += " loop";
      any_loop = true;
      mark_loop_node(a);
    }
    set_attr(a, "label", label_text(label));
    set_attr(a, "id", id);
    set_attr(a, "class", cls);
  }

  // One edge per connected pair of cells; a task's link to itself inside a group is the
  // dates running in order, which the cluster label already says.
  std::set<std::pair<uint32_t, uint32_t>> edges;
  std::set<uint32_t> loop_node;
  for (const auto& [key, cell] : cells)
    if (cell.loop) loop_node.insert(cell.node);
  for (uint32_t i = 0; i < g.instances.size(); ++i) {
    const Instance& in = g.instances[i];
    uint32_t to = cells[{in.group, in.task}].node;
    for (uint32_t k = in.deps_begin; k < in.deps_end; ++k) {
      const Instance& up = g.instances[g.deps[k]];
      uint32_t from = cells[{up.group, up.task}].node;
      if (from != to) edges.emplace(from, to);
    }
  }
  for (auto [from, to] : edges) {
    uint32_t e = s.add_edge(from, to);
    set_attr(s.edges[e].attrs, "class", "dep");
    if (loop_node.count(from) && loop_node.count(to)) {
      mark_loop_edge(s.edges[e].attrs);
      set_attr(s.edges[e].attrs, "class", "dep loop");
    }
  }

  Legend legend;
  for (Role r : {Role::Run, Role::DryRunExcluded, Role::DryRunNoPermission})
    if (roles_seen.count(r)) legend.add_box(role_style(r).fill, role_style(r).border, role_style(r).caption);
  if (any_isolated) legend.add_box("#ffffff", kAlertColor, "has isolated instances (E0403)");
  if (any_loop) legend.add_line(kAlertColor, "━━▶", "has instances on a loop (E0402)");
  legend.add_note("one node per task per group: too many instances to draw one by one");
  legend.add_note("groups run side by side; the dates of a group run one after another");
  legend.add_to(s);
  return s;
}

}  // namespace bfc::render
