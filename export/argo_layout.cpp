#include "export/argo_layout.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>

namespace bfc::exporter {

namespace {

// Per-template and per-task overheads of the YAML, for the size estimates.
constexpr std::size_t kTemplateBytes = 200;
constexpr std::size_t kChunkTaskBytes = 200;
constexpr std::size_t kStepBytes = 200;

// Cuts one day (its instances in plan order) into chunks along a topological order of the
// day's own edges (edges from earlier days are kept by the steps between days).
void cut_day(const runtime::Plan& plan, const std::vector<int>& members,
             const std::vector<std::size_t>& leaf_bytes, std::vector<int>& local, Day& day) {
  const std::size_t n = members.size();
  for (std::size_t k = 0; k < n; ++k) local[members[k]] = int(k);
  std::vector<std::vector<int>> next(n);
  std::vector<int> waiting(n, 0);
  auto same_day = [&](int j) { return local[j] >= 0; };
  for (std::size_t k = 0; k < n; ++k)
    for (int j : plan.instances[members[k]].dep_index)
      if (same_day(j)) {
        next[local[j]].push_back(int(k));
        ++waiting[k];
      }
  std::deque<int> ready;
  for (std::size_t k = 0; k < n; ++k)
    if (!waiting[k]) ready.push_back(int(k));
  std::vector<int> chunk_of(n, -1);
  while (!ready.empty()) {
    int k = ready.front();
    ready.pop_front();
    int i = members[k];
    if (day.chunks.empty() || day.chunks.back().members.size() == kMaxDagTasks ||
        day.chunks.back().bytes + leaf_bytes[i] > kObjectBudget / 2)
      day.chunks.emplace_back().bytes = kTemplateBytes;
    Chunk& c = day.chunks.back();
    int me = int(day.chunks.size()) - 1;
    c.members.push_back(i);
    c.bytes += leaf_bytes[i];
    chunk_of[k] = me;
    for (int j : plan.instances[i].dep_index)
      if (same_day(j) && chunk_of[local[j]] != me &&
          std::find(c.after.begin(), c.after.end(), chunk_of[local[j]]) == c.after.end())
        c.after.push_back(chunk_of[local[j]]);
    for (int m : next[k])
      if (--waiting[m] == 0) ready.push_back(m);
  }
  for (auto& c : day.chunks) std::sort(c.after.begin(), c.after.end());
  day.bytes = kTemplateBytes;
  for (const auto& c : day.chunks) day.bytes += c.bytes + kChunkTaskBytes;
  for (int i : members) local[i] = -1;
}

// Days in waves when an instance depends on one of another group (Layout::waves).
void make_waves(const runtime::Plan& plan, Layout& layout, std::vector<std::string>& errors) {
  const auto& inst = plan.instances;
  std::size_t crossing = 0;
  for (const auto& in : inst)
    for (int j : in.dep_index) crossing += inst[j].group_index != in.group_index;
  if (!crossing) return;
  layout.exact = false;
  // Day units, numbered group by group; a date's unit in its group.
  std::vector<std::vector<int>> unit_of_date(plan.groups.size());
  std::vector<DayRef> units;
  for (std::size_t g = 0; g < layout.groups.size(); ++g) {
    unit_of_date[g].assign(plan.groups[g].dates.size(), -1);
    for (std::size_t d = 0; d < layout.groups[g].size(); ++d) {
      unit_of_date[g][layout.groups[g][d].date] = int(units.size());
      units.push_back({int(g), int(d)});
    }
  }
  std::vector<std::vector<int>> next(units.size());
  std::vector<int> waiting(units.size(), 0);
  auto edge = [&](int a, int b) {
    next[a].push_back(b);
    ++waiting[b];
  };
  for (std::size_t u = 0; u + 1 < units.size(); ++u)
    if (units[u + 1].group == units[u].group) edge(int(u), int(u + 1));
  for (const auto& in : inst)
    for (int j : in.dep_index)
      if (inst[j].group_index != in.group_index)
        edge(unit_of_date[inst[j].group_index][inst[j].date_index],
             unit_of_date[in.group_index][in.date_index]);
  std::vector<int> wave(units.size(), 0);
  std::deque<int> ready;
  for (std::size_t u = 0; u < units.size(); ++u)
    if (!waiting[u]) ready.push_back(int(u));
  std::size_t done = 0;
  while (!ready.empty()) {
    int u = ready.front();
    ready.pop_front();
    ++done;
    if (std::size_t(wave[u]) >= layout.waves.size()) layout.waves.resize(wave[u] + 1);
    layout.waves[wave[u]].push_back(units[u]);
    for (int v : next[u]) {
      wave[v] = std::max(wave[v], wave[u] + 1);
      if (--waiting[v] == 0) ready.push_back(v);
    }
  }
  for (auto& w : layout.waves)
    std::sort(w.begin(), w.end(), [](const DayRef& a, const DayRef& b) {
      return a.group != b.group ? a.group < b.group : a.day < b.day;
    });
  if (done == units.size()) return;
  // Days of two groups that wait for each other: their instances do not loop (the plan was
  // checked), but whole days cannot be ordered.
  for (const auto& in : inst)
    for (int j : in.dep_index) {
      int a = unit_of_date[inst[j].group_index][inst[j].date_index];
      int b = unit_of_date[in.group_index][in.date_index];
      if (a != b && waiting[a] > 0 && waiting[b] > 0) {
        errors.push_back(fmt::format(
            "`{}` (group {}) depends on `{}` (group {}), and the days of the two groups also "
            "wait for each other the other way: Argo runs a day as one unit and cannot order "
            "them; compile with `parallel = 1` (or groups that do not cut a week or month) to "
            "export this plan",
            in.id, in.group, inst[j].id, inst[j].group));
        return;
      }
    }
  errors.push_back("the days of the plan's groups wait for each other in a loop");
}

}  // namespace

Layout make_layout(const runtime::Plan& plan, const std::vector<std::size_t>& leaf_bytes,
                   std::vector<std::string>& errors) {
  Layout layout;
  const auto& inst = plan.instances;
  for (std::size_t i = 0; i < inst.size(); ++i)
    if (leaf_bytes[i] > kObjectBudget / 2)
      errors.push_back(fmt::format(
          "`{}`: its task would take about {} bytes of YAML, too large for a Kubernetes object "
          "(at most {} per instance here); put the command in a script in the image",
          inst[i].id, leaf_bytes[i], kObjectBudget / 2));
  if (!errors.empty()) return layout;

  std::vector<std::vector<std::vector<int>>> members(plan.groups.size());
  for (std::size_t g = 0; g < plan.groups.size(); ++g)
    members[g].resize(plan.groups[g].dates.size());
  for (std::size_t i = 0; i < inst.size(); ++i)
    members[inst[i].group_index][inst[i].date_index].push_back(int(i));
  std::vector<int> local(inst.size(), -1);
  std::size_t templates = 1 + plan.groups.size(), bytes = kTemplateBytes, days = 0;
  layout.groups.resize(plan.groups.size());
  for (std::size_t g = 0; g < plan.groups.size(); ++g) {
    bytes += kTemplateBytes;
    for (std::size_t k = 0; k < members[g].size(); ++k) {
      if (members[g][k].empty()) continue;
      Day& day = layout.groups[g].emplace_back();
      day.group = int(g);
      day.date = int(k);
      cut_day(plan, members[g][k], leaf_bytes, local, day);
      if (day.chunks.size() > 1) layout.exact = false;
      if (day.chunks.size() > kMaxDagTasks)
        errors.push_back(fmt::format(
            "group {} date {}: {} instances in {} chunks; a day can have at most {} chunks of at "
            "most {} instances in Argo's nesting",
            plan.groups[g].id, plan.groups[g].dates[k], members[g][k].size(), day.chunks.size(),
            kMaxDagTasks, kMaxDagTasks));
      templates += 1 + (day.chunks.size() > 1 ? day.chunks.size() : 0);
      bytes += day.bytes + kStepBytes;
      ++days;
    }
  }
  if (!errors.empty()) return layout;
  make_waves(plan, layout, errors);
  if (!errors.empty()) return layout;
  if (!layout.waves.empty()) templates -= plan.groups.size();  // no template per group
  if (templates <= kMaxTemplates && bytes <= kObjectBudget) return layout;

  // Days in child WorkflowTemplates; the parent keeps main, one steps template per group and
  // the template that runs a child.
  layout.children = true;
  if (layout.waves.empty() && plan.groups.size() + 2 > kMaxTemplates)
    errors.push_back(fmt::format(
        "{} groups: the parent Workflow can hold at most {} (one template each); use a smaller "
        "`parallel`",
        plan.groups.size(), kMaxTemplates - 2));
  if (days * kStepBytes + plan.groups.size() * kTemplateBytes > kObjectBudget)
    errors.push_back(fmt::format("{} days do not fit in one parent Workflow", days));
  for (auto& group : layout.groups)
    for (auto& day : group) {
      day.own_object = true;
      day.chunks_own_objects = day.bytes > kObjectBudget || day.chunks.size() + 2 > kMaxTemplates;
    }
  return layout;
}

}  // namespace bfc::exporter
