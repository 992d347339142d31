#include "render/task_view.h"

#include <fmt/format.h>

#include <set>

#include "render/legend.h"
#include "render/style.h"
#include "support/calendar.h"

namespace bfc::render {

std::string workspace_caption(const Workspace& ws) {
  std::string s = "workspace " + ws.name;
  if (!ws.restricted) return s;
  std::string members;
  for (size_t i = 0; i < ws.members.size() && i < 3; ++i)
    members += (i ? ", " : "") + ws.members[i];
  if (ws.members.size() > 3) members += fmt::format(" +{}", ws.members.size() - 3);
  return s + " (members: " + (members.empty() ? "nobody" : members) + ")";
}

std::string task_node_id(const Task& task) {
  return "task-" + task.name;
}

namespace {

// One cluster per workspace that has tasks, in declaration order.
std::vector<uint32_t> workspace_clusters(Scene& s, const Model& m) {
  std::vector<char> used(m.workspaces.size(), 0);
  for (const Task& t : m.tasks)
    if (t.workspace != kNone) used[t.workspace] = 1;
  std::vector<uint32_t> cluster(m.workspaces.size(), kTopLevel);
  for (uint32_t w = 0; w < m.workspaces.size(); ++w) {
    if (!used[w]) continue;
    cluster[w] = s.add_cluster("cluster_ws_" + m.workspaces[w].name);
    Attrs& a = s.clusters[cluster[w]].attrs;
    set_attr(a, "label", label_text(workspace_caption(m.workspaces[w])));
    set_attr(a, "style", "rounded,dashed");
    set_attr(a, "color", "#8a9bbd");
    set_attr(a, "fontcolor", "#4a5a7a");
    set_attr(a, "id", "workspace-" + m.workspaces[w].name);
    set_attr(a, "class", "workspace");
  }
  return cluster;
}

std::string title(const Model& m, const InstanceGraph* plan) {
  if (!plan)
    return fmt::format("{} in {}", plural(m.tasks.size(), "task", "tasks"),
                       plural(m.workspaces.size(), "workspace", "workspaces"));
  const Backfill& b = *plan->backfill;
  std::string dates = plural(b.dates.size(), "date", "dates");
  if (!b.dates.empty()) dates += " (" + cal::format_date_ranges(b.dates) + ")";
  std::string as =
      plan->selection.initiator.empty() ? "" : ", initiator " + plan->selection.initiator;
  return fmt::format("backfill {}: {}, {}, {}{}, today {}", b.name, dates,
                     plural(plan->groups.size(), "group", "groups"),
                     plural(plan->instances.size(), "instance", "instances"), as,
                     cal::format_date(plan->today));
}

// Whether from -> to is a step of one of the reported loops.
bool on_loop_edge(const TaskGraph& graph, uint32_t from, uint32_t to) {
  for (const TaskLoop& loop : graph.loops)
    for (size_t i = 0; i < loop.tasks.size(); ++i)
      if (loop.tasks[i] == from && loop.tasks[(i + 1) % loop.tasks.size()] == to) return true;
  return false;
}

// Builds the task view in steps; each step reads what the earlier ones added.
class TaskSceneBuilder {
 public:
  TaskSceneBuilder(const Model& m, const TaskGraph& graph, const InstanceGraph* plan);

  Scene build() &&;

 private:
  void add_task(uint32_t t, uint32_t cluster);
  void paint_role(Attrs& a, uint32_t t, std::string& label, std::string& cls);
  void add_edges(uint32_t t);
  void add_legend();

  const Model& m_;
  const TaskGraph& graph_;
  const InstanceGraph* plan_;
  Scene s_;
  std::vector<uint64_t> count_;  // instances per task
  std::vector<char> is_root_;
  std::vector<char> on_loop_;
  std::set<Role> roles_seen_;
  bool any_self_ = false, any_offset_ = false, any_root_ = false;
};

TaskSceneBuilder::TaskSceneBuilder(const Model& m, const TaskGraph& graph,
                                   const InstanceGraph* plan)
    : m_(m),
      graph_(graph),
      plan_(plan),
      count_(m.tasks.size(), 0),
      is_root_(m.tasks.size(), 0),
      on_loop_(m.tasks.size(), 0) {
  if (plan) {
    for (const Instance& in : plan->instances) ++count_[in.task];
    for (uint32_t r : plan->selection.roots) is_root_[r] = 1;
  }
  for (const TaskLoop& loop : graph.loops)
    for (uint32_t t : loop.tasks) on_loop_[t] = 1;
}

Scene TaskSceneBuilder::build() && {
  s_.name = plan_ ? plan_->backfill->name : "tasks";
  apply_base_style(s_, "LR");
  set_attr(s_.graph_attrs, "label", label_text(title(m_, plan_)));
  std::vector<uint32_t> ws_cluster = workspace_clusters(s_, m_);
  for (uint32_t t = 0; t < m_.tasks.size(); ++t) {
    uint32_t w = m_.tasks[t].workspace;
    add_task(t, w == kNone ? kTopLevel : ws_cluster[w]);
  }
  for (uint32_t t = 0; t < m_.tasks.size(); ++t) add_edges(t);
  add_legend();
  return std::move(s_);
}

void TaskSceneBuilder::add_task(uint32_t t, uint32_t cluster) {
  const Task& task = m_.tasks[t];
  uint32_t n = s_.add_node(task.name, cluster);
  Attrs& a = s_.nodes[n].attrs;
  std::string label = task.name + "\n" + task.cycle.text;
  std::string cls = "task";
  if (plan_) paint_role(a, t, label, cls);
  if (on_loop_[t]) {
    cls += " loop";
    mark_loop_node(a);
  }
  set_attr(a, "label", label_text(label));
  set_attr(a, "id", task_node_id(task));
  set_attr(a, "class", cls);
}

// With a backfill: the task's role, instance count and root mark.
void TaskSceneBuilder::paint_role(Attrs& a, uint32_t t, std::string& label, std::string& cls) {
  Role r = plan_->selection.role[t];
  const RoleStyle& st = role_style(r);
  roles_seen_.insert(r);
  std::string detail = in_plan(r) ? plural(count_[t], "instance", "instances") : "";
  if (r != Role::Run && r != Role::NotSelected)
    detail += (detail.empty() ? "" : " · ") + std::string(st.caption);
  if (is_root_[t]) detail = "root · " + detail, any_root_ = true;
  if (!detail.empty()) label += "\n" + detail;
  cls += std::string(" role-") + st.css;
  set_attr(a, "fillcolor", st.fill);
  set_attr(a, "color", st.border);
  set_attr(a, "style", st.style);
  if (r == Role::NotSelected || r == Role::DroppedExcluded || r == Role::DroppedNoPermission)
    set_attr(a, "fontcolor", "#6a6a6a");
  if (is_root_[t]) {
    cls += " root";
    set_attr(a, "peripheries", "2");
    set_attr(a, "penwidth", "1.5");
  }
}

// The edges into task `t`: one per `after` entry, and a dashed one to itself when it is
// self-dependent.
void TaskSceneBuilder::add_edges(uint32_t t) {
  const Task& task = m_.tasks[t];
  for (const Dep& d : task.deps) {
    uint32_t e = s_.add_edge(d.task, t);
    Attrs& a = s_.edges[e].attrs;
    std::string off = format_offset(d.offset_minutes);
    any_offset_ |= !off.empty();
    if (!off.empty()) set_attr(a, "label", off);
    set_attr(a, "id", fmt::format("dep-{}-{}{}", m_.tasks[d.task].name, task.name, off));
    std::string cls = "dep";
    if (plan_ && !(in_plan(plan_->selection.role[t]) && in_plan(plan_->selection.role[d.task])))
      set_attr(a, "color", kMutedColor), cls += " outside";
    if (d.offset_minutes == 0 && on_loop_edge(graph_, d.task, t)) {
      mark_loop_edge(a);
      cls += " loop";
    }
    set_attr(a, "class", cls);
  }
  if (task.self_dependent) {
    any_self_ = true;
    uint32_t e = s_.add_edge(t, t);
    Attrs& a = s_.edges[e].attrs;
    set_attr(a, "label", "self");
    set_attr(a, "style", "dashed");
    set_attr(a, "id", "self-" + task.name);
    set_attr(a, "class", "dep self");
  }
}

void TaskSceneBuilder::add_legend() {
  Legend legend;
  if (!plan_) legend.add_box(kPlainFill, "#4a5a7a", "task: name, cycle");
  for (Role r : {Role::Run, Role::DryRunExcluded, Role::DryRunNoPermission, Role::DryRunNotSelected,
                 Role::DroppedExcluded, Role::DroppedNoPermission, Role::NotSelected})
    if (roles_seen_.count(r))
      legend.add_box(role_style(r).fill, role_style(r).border, role_style(r).caption);
  if (any_root_)
    legend.add_box(role_style(Role::Run).fill, role_style(Role::Run).border,
                   "root (double outline)", 2);
  if (!graph_.loops.empty()) legend.add_line(kAlertColor, "━━▶", "dependency loop (error E0401)");
  if (any_offset_) legend.add_note("edge label -1d: depends on the run one day earlier");
  if (any_self_) legend.add_note("self: each run waits for the task's previous run");
  legend.add_note("edges point from a task to the tasks that wait for it");
  legend.add_to(s_);
}

}  // namespace

Scene build_task_scene(const Model& m, const TaskGraph& graph, const InstanceGraph* plan) {
  return TaskSceneBuilder(m, graph, plan).build();
}

}  // namespace bfc::render
