// The full instance view: one node per instance, in clusters per group and per date, with
// data dependencies, day barriers, isolated instances with their missing upstream, and an
// instance loop in red.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "render/instance_style.h"
#include "render/instance_view.h"
#include "render/isolated.h"
#include "render/legend.h"
#include "render/style.h"
#include "support/calendar.h"

namespace bfc::render {

namespace {

// Scene edge index by (from, to) node pair, to find an edge again (loop marking).
uint64_t pair_key(uint32_t from, uint32_t to) {
  return (static_cast<uint64_t>(from) << 32) | to;
}

// Longest chain of same-day dependencies ending at each instance (0: none). A day
// barrier leaves the deepest instance of a day and enters a source of the next, so dot
// ranks the whole next day after this one. Edges that close a loop count as absent.
std::vector<uint32_t> depth_within_day(const InstanceGraph& g) {
  const uint32_t n = static_cast<uint32_t>(g.instances.size());
  std::vector<uint32_t> depth(n, 0);
  std::vector<uint8_t> state(n, 0);  // 0 new, 1 on the stack, 2 done
  auto same_day = [&](uint32_t a, uint32_t b) {
    return g.instances[a].group == g.instances[b].group &&
           g.instances[a].date_pos == g.instances[b].date_pos;
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

using DateKey = std::pair<uint32_t, uint32_t>;  // (group, date position)

// The instances with the groups from last to first (plan order inside a group). Dot stacks
// the side-by-side lanes of an LR graph from the bottom up in the order it meets them, so
// meeting the last group first draws group 0 on top.
std::vector<uint32_t> lanes_order(const InstanceGraph& g) {
  std::vector<uint32_t> order(g.instances.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return g.instances[a].group > g.instances[b].group;
  });
  return order;
}

// Builds the scene in steps; each step reads what the earlier ones added.
class FullSceneBuilder {
 public:
  explicit FullSceneBuilder(const InstanceGraph& g);

  Scene build() &&;

 private:
  DateCluster& date_cluster(uint32_t i);
  void add_instance(uint32_t i);
  void add_dep_edges();
  void add_barriers();
  void mark_loop_edges();
  void add_missing();
  void add_legend();

  const InstanceGraph& g_;
  Scene s_;
  std::vector<uint32_t> group_cluster_;          // per group, kTopLevel until drawn
  std::map<DateKey, DateCluster> date_cluster_;  // only dates that have instances
  std::vector<uint32_t> depth_;
  std::vector<uint32_t> order_;    // lanes_order()
  std::vector<uint32_t> node_of_;  // instance -> scene node
  std::set<Role> roles_seen_;
  std::vector<char> in_loop_;
  std::vector<IsolatedDep> isolated_;
  std::vector<char> is_isolated_;
  std::unordered_map<uint64_t, uint32_t> edge_of_;  // pair_key of instances -> edge
  std::map<DateKey, uint32_t> barrier_of_;          // (group, pos) -> edge to pos + 1
};

FullSceneBuilder::FullSceneBuilder(const InstanceGraph& g)
    : g_(g),
      group_cluster_(g.groups.size(), kTopLevel),
      depth_(depth_within_day(g)),
      order_(lanes_order(g)),
      node_of_(g.instances.size()),
      in_loop_(g.instances.size(), 0),
      isolated_(find_isolated(g)),
      is_isolated_(g.instances.size(), 0) {
  for (uint32_t i : g.loop) in_loop_[i] = 1;
  for (const auto& iso : isolated_) is_isolated_[iso.instance] = 1;
}

Scene FullSceneBuilder::build() && {
  s_.name = g_.backfill->name;
  apply_base_style(s_, "LR");
  set_attr(s_.graph_attrs, "compound", "true");
  set_attr(s_.graph_attrs, "label",
           label_text(
               fmt::format("backfill {}: {}, {}; groups run side by side, dates left to right",
                           g_.backfill->name, plural(g_.instances.size(), "instance", "instances"),
                           plural(g_.groups.size(), "group", "groups"))));
  for (uint32_t i : order_) add_instance(i);
  add_dep_edges();
  add_barriers();
  mark_loop_edges();
  add_missing();
  add_legend();
  return std::move(s_);
}

// The date cluster of instance `i` (and its group's cluster), made on first use; instances
// come ordered by group, then date position.
DateCluster& FullSceneBuilder::date_cluster(uint32_t i) {
  const Instance& in = g_.instances[i];
  const Group& grp = g_.groups[in.group];
  if (group_cluster_[in.group] == kTopLevel)
    group_cluster_[in.group] = add_group_cluster(
        s_, grp, fmt::format("group {}: {}", grp.id, plural(grp.dates.size(), "date", "dates")));
  DateKey key{in.group, in.date_pos};
  auto it = date_cluster_.find(key);
  if (it != date_cluster_.end()) return it->second;
  std::string date = cal::format_date(grp.dates[in.date_pos]);
  uint32_t c =
      s_.add_cluster(fmt::format("cluster_g{}_d{}", grp.id, in.date_pos), group_cluster_[in.group]);
  Attrs& a = s_.clusters[c].attrs;
  set_attr(a, "label", date);
  set_attr(a, "style", "rounded,filled");
  set_attr(a, "fillcolor", "#f7f8fb");
  set_attr(a, "color", "#c5cde0");
  set_attr(a, "id", "date-" + date);
  set_attr(a, "class", "date");
  return date_cluster_.emplace(key, DateCluster{c, i, i, false}).first->second;
}

void FullSceneBuilder::add_instance(uint32_t i) {
  const Instance& in = g_.instances[i];
  DateCluster& dc = date_cluster(i);
  if (depth_[i] > depth_[dc.deepest]) dc.deepest = i;
  if (depth_[i] == 0 && !dc.has_source) dc.source = i, dc.has_source = true;
  std::string id = g_.id(i);
  uint32_t n = s_.add_node(id, dc.cluster);
  node_of_[i] = n;
  Attrs& a = s_.nodes[n].attrs;
  const Task& task = g_.model->tasks[in.task];
  Role r = g_.selection.role[in.task];
  roles_seen_.insert(r);
  std::string label = task.name;
  if (task.cycle.sub_daily())
    label += "\n" + cal::format_datetime(in.start).substr(11);
  else if (task.cycle.kind != CycleKind::Daily)
    label += "\n" + cal::format_datetime(in.start).substr(0, 10);
  if (in.dry_run) label += "\ndry-run";
  std::string cls = paint_instance_node(a, "instance", r, is_isolated_[i], in_loop_[i]);
  set_attr(a, "label", label_text(label));
  set_attr(a, "id", id);
  set_attr(a, "class", cls);
  set_attr(a, "tooltip",
           label_text(fmt::format("{}\n{} .. {}\npriority {}{}", id, cal::format_datetime(in.start),
                                  cal::format_datetime(in.end), in.priority,
                                  in.dry_run ? "\ndry-run" : "")));
}

void FullSceneBuilder::add_dep_edges() {
  for (uint32_t i : order_)
    for (uint32_t k = g_.instances[i].deps_begin; k < g_.instances[i].deps_end; ++k) {
      uint32_t e = s_.add_edge(node_of_[g_.deps[k]], node_of_[i]);
      set_attr(s_.edges[e].attrs, "class", "dep");
      edge_of_[pair_key(g_.deps[k], i)] = e;
    }
}

// Day barriers: a dashed edge between consecutive date clusters of a group (the groups
// last to first, as lanes_order()).
void FullSceneBuilder::add_barriers() {
  std::vector<std::map<DateKey, DateCluster>::iterator> dates;
  for (auto it = date_cluster_.begin(); it != date_cluster_.end(); ++it) dates.push_back(it);
  std::stable_sort(dates.begin(), dates.end(),
                   [](auto a, auto b) { return a->first.first > b->first.first; });
  for (auto it : dates) {
    auto next = std::next(it);
    if (next == date_cluster_.end() || next->first.first != it->first.first) continue;
    uint32_t e = s_.add_edge(node_of_[it->second.deepest], node_of_[next->second.source]);
    Attrs& a = s_.edges[e].attrs;
    const Group& grp = g_.groups[it->first.first];
    set_attr(a, "ltail", s_.clusters[it->second.cluster].name);
    set_attr(a, "lhead", s_.clusters[next->second.cluster].name);
    set_attr(a, "style", "dashed");
    set_attr(a, "color", kBarrierColor);
    set_attr(a, "penwidth", "2");
    set_attr(a, "id",
             fmt::format("barrier-g{}-{}", grp.id, cal::format_date(grp.dates[it->first.second])));
    set_attr(a, "class", "barrier");
    barrier_of_[it->first] = e;
  }
}

// Loop steps: a data edge, or a day barrier when the step crosses to the next date.
void FullSceneBuilder::mark_loop_edges() {
  for (size_t k = 0; k < g_.loop.size(); ++k) {
    uint32_t a = g_.loop[k], b = g_.loop[(k + 1) % g_.loop.size()];
    uint32_t e = kTopLevel;
    if (auto it = edge_of_.find(pair_key(a, b)); it != edge_of_.end())
      e = it->second;
    else if (auto bt = barrier_of_.find({g_.instances[a].group, g_.instances[a].date_pos});
             bt != barrier_of_.end())
      e = bt->second;
    if (e == kTopLevel) continue;
    mark_loop_edge(s_.edges[e].attrs);
    set_attr(s_.edges[e].attrs, "class",
             std::string(get_attr(s_.edges[e].attrs, "class")) + " loop");
  }
}

// Isolated instances: a ghost node for each missing upstream instance, in red.
void FullSceneBuilder::add_missing() {
  std::unordered_map<std::string, uint32_t> ghost;
  for (const auto& iso : isolated_) {
    std::string id = g_.external_id(iso.missing);
    auto [it, fresh] = ghost.emplace(id, 0);
    if (fresh) {
      it->second = s_.add_node("missing:" + id, s_.nodes[node_of_[iso.instance]].cluster);
      Attrs& a = s_.nodes[it->second].attrs;
      set_attr(a, "label", label_text(id + "\nnot generated"));
      set_attr(a, "style", "rounded,dashed");
      set_attr(a, "color", kAlertColor);
      set_attr(a, "fontcolor", kAlertColor);
      set_attr(a, "id", "missing-" + id);
      set_attr(a, "class", "missing");
    }
    uint32_t e = s_.add_edge(it->second, node_of_[iso.instance]);
    Attrs& a = s_.edges[e].attrs;
    set_attr(a, "style", "dashed");
    set_attr(a, "color", kAlertColor);
    set_attr(a, "class", "dep missing");
  }
}

void FullSceneBuilder::add_legend() {
  Legend legend;
  add_role_boxes(legend, roles_seen_);
  if (!isolated_.empty()) {
    legend.add_box("#ffffff", kAlertColor,
                   "isolated instance (E0403): waits for an instance that is not generated");
    legend.add_line(kAlertColor, "- - ▶",
                    "from the upstream instance this backfill does not generate");
  }
  if (!g_.loop.empty())
    legend.add_line(kAlertColor, "━━▶",
                    g_.loop_is_task_loop ? "instance loop (error E0401: the task loop)"
                                         : "instance loop (error E0402)");
  if (!barrier_of_.empty())
    legend.add_line(kBarrierColor, "- - ▶",
                    "day barrier: the next date starts when this one succeeded");
  legend.add_line("#4a5a7a", "──▶", "data dependency");
  legend.add_note("groups run side by side; the dates of a group run one after another");
  legend.add_to(s_);
}

}  // namespace

Scene build_full_instance_scene(const InstanceGraph& g) {
  return FullSceneBuilder(g).build();
}

}  // namespace bfc::render
