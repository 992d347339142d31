// The collapsed instance view: one node per (task, group) with its instance and date
// counts, used when one node per instance is over the budget.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "render/instance_style.h"
#include "render/instance_view.h"
#include "render/isolated.h"
#include "render/legend.h"
#include "render/style.h"
#include "support/calendar.h"

namespace bfc::render {

namespace {

// Per (group, task): instance count, loop / isolated flags, and its node once drawn.
struct Cell {
  uint64_t count = 0;
  bool loop = false, isolated = false;
  uint32_t node = 0;
};

using CellKey = std::pair<uint32_t, uint32_t>;  // (group, task)
using Cells = std::map<CellKey, Cell>;

Cells count_cells(const InstanceGraph& g) {
  Cells cells;
  for (const Instance& in : g.instances) ++cells[{in.group, in.task}].count;
  for (uint32_t i : g.loop) cells[{g.instances[i].group, g.instances[i].task}].loop = true;
  for (const auto& iso : find_isolated(g)) {
    const Instance& in = g.instances[iso.instance];
    cells[{in.group, in.task}].isolated = true;
  }
  return cells;
}

// Cells with the groups last to first (dot stacks the lanes of an LR graph from the bottom
// up in the order it meets them: group 0 ends up on top), then task id order (task_rank).
std::vector<std::pair<CellKey, Cell*>> drawing_order(const InstanceGraph& g, Cells& cells) {
  std::vector<std::pair<CellKey, Cell*>> order;
  for (auto& [key, cell] : cells) order.push_back({key, &cell});
  std::sort(order.begin(), order.end(), [&](const auto& x, const auto& y) {
    if (x.first.first != y.first.first) return x.first.first > y.first.first;
    return g.task_rank[x.first.second] < g.task_rank[y.first.second];
  });
  return order;
}

std::string group_label(const Group& grp) {
  bool latest_first = grp.dates.size() > 1 && grp.dates.front() > grp.dates.back();
  return label_text(fmt::format(
      "group {}: {} ({}, one after another{})", grp.id, cal::format_date_ranges(grp.dates),
      plural(grp.dates.size(), "date", "dates"), latest_first ? ", latest first" : ""));
}

// The node of one cell, inside its group's cluster.
void add_cell_node(Scene& s, const InstanceGraph& g, CellKey key, Cell& cell, uint32_t cluster) {
  const Task& task = g.model->tasks[key.second];
  std::string id = fmt::format("{}@group{}", task.name, g.groups[key.first].id);
  cell.node = s.add_node(id, cluster);
  Attrs& a = s.nodes[cell.node].attrs;
  Role r = g.selection.role[key.second];
  std::string label = fmt::format("{}\n{} · {}", task.name, task.cycle.text,
                                  plural(cell.count, "instance", "instances"));
  if (r != Role::Run) label += "\n" + std::string(role_style(r).caption);
  std::string cls = paint_instance_node(a, "instance-group", r, cell.isolated, cell.loop);
  set_attr(a, "label", label_text(label));
  set_attr(a, "id", id);
  set_attr(a, "class", cls);
}

// One edge per connected pair of cells; a task's link to itself inside a group is the
// dates running in order, which the cluster label already says.
void add_cell_edges(Scene& s, const InstanceGraph& g, Cells& cells) {
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
}

}  // namespace

Scene build_grouped_instance_scene(const InstanceGraph& g) {
  Scene s;
  s.name = g.backfill->name;
  apply_base_style(s, "LR");
  set_attr(
      s.graph_attrs, "label",
      label_text(fmt::format("backfill {}: {}, {} (one node per task per group)", g.backfill->name,
                             plural(g.instances.size(), "instance", "instances"),
                             plural(g.groups.size(), "group", "groups"))));
  Cells cells = count_cells(g);
  std::vector<uint32_t> group_cluster(g.groups.size(), kTopLevel);
  std::set<Role> roles_seen;
  bool any_loop = false, any_isolated = false;
  for (auto& [key, cell] : drawing_order(g, cells)) {
    uint32_t group = key.first;
    if (group_cluster[group] == kTopLevel)
      group_cluster[group] = add_group_cluster(s, g.groups[group], group_label(g.groups[group]));
    add_cell_node(s, g, key, *cell, group_cluster[group]);
    roles_seen.insert(g.selection.role[key.second]);
    any_isolated |= cell->isolated;
    any_loop |= cell->loop;
  }
  add_cell_edges(s, g, cells);

  Legend legend;
  add_role_boxes(legend, roles_seen);
  if (any_isolated) legend.add_box("#ffffff", kAlertColor, "has isolated instances (E0403)");
  if (any_loop)
    legend.add_line(kAlertColor, "━━▶",
                    g.loop_is_task_loop ? "has instances on a loop (E0401: the task loop)"
                                        : "has instances on a loop (E0402)");
  legend.add_note("one node per task per group: too many instances to draw one by one");
  legend.add_note("groups run side by side; the dates of a group run one after another");
  legend.add_to(s);
  return s;
}

}  // namespace bfc::render
