#include "render/instance_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "render/isolated.h"
#include "render/legend.h"
#include "render/style.h"
#include "render/task_view.h"
#include "support/calendar.h"

namespace bfc::render {

namespace {

std::string title(const InstanceGraph& g, std::string_view detail) {
  return fmt::format("backfill {}: {}, {}{}", g.backfill->name, plural(g.instances.size(), "instance", "instances"),
                     plural(g.groups.size(), "group", "groups"), detail);
}

// Scene edge index by (from, to) node pair, to find an edge again (loop marking).
uint64_t pair_key(uint32_t from, uint32_t to) { return (static_cast<uint64_t>(from) << 32) | to; }

// Longest chain of same-day dependencies ending at each instance (0: none). A day
// barrier leaves the deepest instance of a day and enters a source of the next, so dot
// ranks the whole next day after this one. Edges that close a loop count as absent.
std::vector<uint32_t> depth_within_day(const InstanceGraph& g) {
  const uint32_t n = static_cast<uint32_t>(g.instances.size());
  std::vector<uint32_t> depth(n, 0);
  std::vector<uint8_t> state(n, 0);  // 0 new, 1 on the stack, 2 done
  auto same_day = [&](uint32_t a, uint32_t b) {
    return g.instances[a].group == g.instances[b].group && g.instances[a].date_pos == g.instances[b].date_pos;
  };
  std::vector<std::pair<uint32_t, uint32_t>> stack;  // (instance, next dep position)
  for (uint32_t root = 0; root < n; ++root) {
    if (state[root]) continue;
    stack.emplace_back(root, g.instances[root].deps_begin);
    state[root] = 1;
    while (!stack.empty()) {
      auto& [i, k] = stack.back();
      if (k < g.instances[i].deps_end) {
        uint32_t j = g.deps[k++];
        if (!same_day(i, j)) continue;
        if (state[j] == 0) {
          state[j] = 1;
          stack.emplace_back(j, g.instances[j].deps_begin);
        } else if (state[j] == 2) {
          depth[i] = std::max(depth[i], depth[j] + 1);
        }
        continue;
      }
      state[i] = 2;
      uint32_t done = i;
      stack.pop_back();
      if (!stack.empty()) {
        uint32_t parent = stack.back().first;
        depth[parent] = std::max(depth[parent], depth[done] + 1);
      }
    }
  }
  return depth;
}

// A date's cluster and the nodes its day barriers attach to.
struct DateCluster {
  uint32_t cluster = 0;
  uint32_t deepest = 0;  // instance: the barrier to the next date leaves here
  uint32_t source = 0;   // instance: the barrier from the previous date enters here
  bool has_source = false;
};

}  // namespace

Scene build_full_instance_scene(const InstanceGraph& g) {
  const Model& m = *g.model;
  Scene s;
  s.name = g.backfill->name;
  apply_base_style(s, "LR");
  set_attr(s.graph_attrs, "compound", "true");
  set_attr(s.graph_attrs, "label", label_text(title(g, "; groups run side by side, dates left to right")));

  // Clusters: group -> date, only for dates that have instances (instances are ordered by
  // group, then date position). first_of[(group, pos)] is the node a barrier attaches to.
  std::vector<uint32_t> group_cluster(g.groups.size(), kTopLevel);
  std::map<std::pair<uint32_t, uint32_t>, DateCluster> date_cluster;
  std::vector<uint32_t> depth = depth_within_day(g);
  std::vector<uint32_t> node_of(g.instances.size());
  std::set<Role> roles_seen;
  std::vector<char> in_loop(g.instances.size(), 0);
  for (uint32_t i : g.loop) in_loop[i] = 1;
  std::vector<IsolatedDep> isolated = find_isolated(g);
  std::vector<char> is_isolated(g.instances.size(), 0);
  for (const auto& iso : isolated) is_isolated[iso.instance] = 1;

  for (uint32_t i = 0; i < g.instances.size(); ++i) {
    const Instance& in = g.instances[i];
    const Group& grp = g.groups[in.group];
    if (group_cluster[in.group] == kTopLevel) {
      uint32_t c = s.add_cluster(fmt::format("cluster_g{}", grp.id));
      Attrs& a = s.clusters[c].attrs;
      set_attr(a, "label", fmt::format("group {}: {}", grp.id, plural(grp.dates.size(), "date", "dates")));
      set_attr(a, "style", "rounded");
      set_attr(a, "color", "#8a9bbd");
      set_attr(a, "id", fmt::format("group-{}", grp.id));
      set_attr(a, "class", "group");
      group_cluster[in.group] = c;
    }
    auto key = std::make_pair(in.group, in.date_pos);
    auto it = date_cluster.find(key);
    if (it == date_cluster.end()) {
      std::string date = cal::format_date(grp.dates[in.date_pos]);
      uint32_t c = s.add_cluster(fmt::format("cluster_g{}_d{}", grp.id, in.date_pos), group_cluster[in.group]);
      Attrs& a = s.clusters[c].attrs;
      set_attr(a, "label", date);
      set_attr(a, "style", "rounded,filled");
      set_attr(a, "fillcolor", "#f7f8fb");
      set_attr(a, "color", "#c5cde0");
      set_attr(a, "id", "date-" + date);
      set_attr(a, "class", "date");
      it = date_cluster.emplace(key, DateCluster{c, i, i, false}).first;
    }
    DateCluster& dc = it->second;
    if (depth[i] > depth[dc.deepest]) dc.deepest = i;
    if (depth[i] == 0 && !dc.has_source) dc.source = i, dc.has_source = true;
    std::string id = g.id(i);
    uint32_t n = s.add_node(id, dc.cluster);
    node_of[i] = n;
    Attrs& a = s.nodes[n].attrs;
    const Task& task = m.tasks[in.task];
    Role r = g.selection.role[in.task];
    const RoleStyle& st = role_style(r);
    roles_seen.insert(r);
    std::string label = task.name;
    if (task.cycle.sub_daily()) label += "\n" + cal::format_datetime(in.start).substr(11);
    else if (task.cycle.kind != CycleKind::Daily)
      label += "\n" + cal::format_datetime(in.start).substr(0, 10);
    if (in.dry_run) label += "\ndry-run";
    std::string cls = std::string("instance role-") + st.css;
    set_attr(a, "fillcolor", st.fill);
    set_attr(a, "color", st.border);
    set_attr(a, "style", st.style);
    if (is_isolated[i]) {
      cls += " isolated";
      set_attr(a, "color", kAlertColor);
      set_attr(a, "penwidth", "2.5");
      set_attr(a, "style", "rounded,filled,dashed");
    }
    if (in_loop[i]) {
      cls += " loop";
      mark_loop_node(a);
    }
    set_attr(a, "label", label_text(label));
    set_attr(a, "id", id);
    set_attr(a, "class", cls);
    set_attr(a, "tooltip", label_text(fmt::format("{}\n{} .. {}\npriority {}{}", id, cal::format_datetime(in.start),
                                                  cal::format_datetime(in.end), in.priority,
                                                  in.dry_run ? "\ndry-run" : "")));
  }

  std::unordered_map<uint64_t, uint32_t> edge_of;
  for (uint32_t i = 0; i < g.instances.size(); ++i)
    for (uint32_t k = g.instances[i].deps_begin; k < g.instances[i].deps_end; ++k) {
      uint32_t e = s.add_edge(node_of[g.deps[k]], node_of[i]);
      set_attr(s.edges[e].attrs, "class", "dep");
      edge_of[pair_key(g.deps[k], i)] = e;
    }

  // Day barriers: a dashed edge between consecutive date clusters of a group.
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> barrier_of;  // (group, pos) -> edge
  for (auto it = date_cluster.begin(); it != date_cluster.end(); ++it) {
    auto next = std::next(it);
    if (next == date_cluster.end() || next->first.first != it->first.first) continue;
    uint32_t e = s.add_edge(node_of[it->second.deepest], node_of[next->second.source]);
    Attrs& a = s.edges[e].attrs;
    const Group& grp = g.groups[it->first.first];
    set_attr(a, "ltail", s.clusters[it->second.cluster].name);
    set_attr(a, "lhead", s.clusters[next->second.cluster].name);
    set_attr(a, "style", "dashed");
    set_attr(a, "color", kBarrierColor);
    set_attr(a, "penwidth", "2");
    set_attr(a, "id", fmt::format("barrier-g{}-{}", grp.id, cal::format_date(grp.dates[it->first.second])));
    set_attr(a, "class", "barrier");
    barrier_of[it->first] = e;
  }

  // Loop steps: a data edge, or a day barrier when the step crosses to the next date.
  for (size_t k = 0; k < g.loop.size(); ++k) {
    uint32_t a = g.loop[k], b = g.loop[(k + 1) % g.loop.size()];
    uint32_t e = kTopLevel;
    if (auto it = edge_of.find(pair_key(a, b)); it != edge_of.end()) e = it->second;
    else if (auto bt = barrier_of.find({g.instances[a].group, g.instances[a].date_pos}); bt != barrier_of.end())
      e = bt->second;
    if (e == kTopLevel) continue;
    mark_loop_edge(s.edges[e].attrs);
    set_attr(s.edges[e].attrs, "class", std::string(get_attr(s.edges[e].attrs, "class")) + " loop");
  }

  // Isolated instances: a ghost node for each missing upstream instance, in red.
  std::unordered_map<std::string, uint32_t> ghost;
  for (const auto& iso : isolated) {
    std::string id = g.external_id(iso.missing);
    auto [it, fresh] = ghost.emplace(id, 0);
    if (fresh) {
      it->second = s.add_node("missing:" + id, s.nodes[node_of[iso.instance]].cluster);
      Attrs& a = s.nodes[it->second].attrs;
      set_attr(a, "label", label_text(id + "\nnot generated"));
      set_attr(a, "style", "rounded,dashed");
      set_attr(a, "color", kAlertColor);
      set_attr(a, "fontcolor", kAlertColor);
      set_attr(a, "id", "missing-" + id);
      set_attr(a, "class", "missing");
    }
    uint32_t e = s.add_edge(it->second, node_of[iso.instance]);
    Attrs& a = s.edges[e].attrs;
    set_attr(a, "style", "dashed");
    set_attr(a, "color", kAlertColor);
    set_attr(a, "class", "dep missing");
  }

  Legend legend;
  for (Role r : {Role::Run, Role::DryRunExcluded, Role::DryRunNoPermission})
    if (roles_seen.count(r)) legend.add_box(role_style(r).fill, role_style(r).border, role_style(r).caption);
  if (!isolated.empty()) {
    legend.add_box("#ffffff", kAlertColor, "isolated instance (E0403): waits for an instance that is not generated");
    legend.add_line(kAlertColor, "- - ▶", "from the upstream instance this backfill does not generate");
  }
  if (!g.loop.empty()) legend.add_line(kAlertColor, "━━▶", "instance loop (error E0402)");
  if (!barrier_of.empty())
    legend.add_line(kBarrierColor, "- - ▶", "day barrier: the next date starts when this one succeeded");
  legend.add_line("#4a5a7a", "──▶", "data dependency");
  legend.add_note("groups run side by side; the dates of a group run one after another");
  legend.add_to(s);
  return s;
}

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
  auto& d = diags.report(DiagCode::W0007, b.name_span,
                         fmt::format("instance view of `{}` has {}, above the budget of {} nodes; drew {}", b.name,
                                     plural(g.instances.size(), "instance", "instances"), group_digits(node_budget),
                                     what));
  d.notes.push_back({Span{}, "a layout of that many nodes would take minutes; narrow `dates` or `select` to see "
                             "single instances, or raise the budget with --max-nodes"});
  return s;
}

}  // namespace bfc::render
