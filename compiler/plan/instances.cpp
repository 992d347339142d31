// Expansion of a backfill into instances and their dependencies. Linear in the number of
// instances and edges (lookups are binary searches in per-task start arrays).
#include "plan/instances.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "plan/intervals.h"
#include "common/int_math.h"
#include "support/calendar.h"

namespace bfc {

namespace {
constexpr int64_t kDay = cal::kMinutesPerDay;
}  // namespace

std::string interval_label(const Cycle& c, int64_t start) {
  if (c.sub_daily()) return cal::format_datetime(start);
  return cal::format_date(floor_div(start, kDay));
}

std::string InstanceGraph::id(uint32_t i) const {
  const Instance& in = instances[i];
  const Task& t = model->tasks[in.task];
  return t.name + "@" + interval_label(t.cycle, in.start);
}

std::string InstanceGraph::external_id(const ExternalRef& r) const {
  const Task& t = model->tasks[r.task];
  return t.name + "@" + interval_label(t.cycle, r.start);
}

std::vector<Group> make_groups(const std::vector<int64_t>& dates, int64_t parallel) {
  std::vector<Group> groups;
  size_t n = dates.size();
  if (n == 0) return groups;
  size_t g = static_cast<size_t>(std::min<int64_t>(std::max<int64_t>(parallel, 1), static_cast<int64_t>(n)));
  size_t base = n / g, extra = n % g, at = 0;
  for (size_t i = 0; i < g; ++i) {
    size_t len = base + (i < extra ? 1 : 0);
    groups.push_back(Group{static_cast<uint32_t>(i), std::vector<int64_t>(dates.begin() + at, dates.begin() + at + len)});
    at += len;
  }
  return groups;
}

int effective_priority(int p, int64_t bizdate, int64_t today) {
  if (bizdate >= today - 1) return p;
  if (p >= 7) return 3;
  if (p == 3 || p == 5) return 2;
  return p;
}

InstanceGraph expand_instances(const Model& model, const TaskGraph& graph, const Backfill& b,
                               Selection selection, int64_t today, DiagnosticSink& diags) {
  (void)graph;
  InstanceGraph g;
  g.model = &model;
  g.backfill = &b;
  g.today = today;
  g.selection = std::move(selection);
  const Settings& s = b.settings;
  const size_t ntasks = model.tasks.size();

  // Task order by id prefix "name@" (so instance ids sort as strings).
  std::vector<uint32_t> by_name(ntasks);
  std::iota(by_name.begin(), by_name.end(), 0);
  std::sort(by_name.begin(), by_name.end(), [&](uint32_t x, uint32_t y) {
    return model.tasks[x].name + "@" < model.tasks[y].name + "@";
  });
  g.task_rank.assign(ntasks, 0);
  for (uint32_t r = 0; r < ntasks; ++r) g.task_rank[by_name[r]] = r;

  // Dates in run order, cut into groups; date index -> (group, position).
  std::vector<int64_t> ordered = b.dates;
  if (s.descending.value_or(false)) std::reverse(ordered.begin(), ordered.end());
  g.groups = make_groups(ordered, s.parallel.value_or(1));
  const std::vector<int64_t>& sorted_dates = b.dates;
  std::vector<uint32_t> date_group(sorted_dates.size()), date_pos(sorted_dates.size());
  for (const auto& grp : g.groups)
    for (uint32_t p = 0; p < grp.dates.size(); ++p) {
      size_t idx = std::lower_bound(sorted_dates.begin(), sorted_dates.end(), grp.dates[p]) - sorted_dates.begin();
      date_group[idx] = grp.id;
      date_pos[idx] = p;
    }
  auto date_index = [&](int64_t day) -> int64_t {
    auto it = std::lower_bound(sorted_dates.begin(), sorted_dates.end(), day);
    return (it != sorted_dates.end() && *it == day) ? it - sorted_dates.begin() : -1;
  };

  // Plan tasks in id order.
  std::vector<uint32_t> plan_tasks = g.selection.tasks;
  std::sort(plan_tasks.begin(), plan_tasks.end(), [&](uint32_t x, uint32_t y) { return g.task_rank[x] < g.task_rank[y]; });

  // Generate: groups -> dates in run order -> tasks by id -> intervals ascending.
  uint64_t limit = static_cast<uint64_t>(s.max_instances.value_or(1'000'000));
  uint64_t hard_cap = std::max<uint64_t>(limit, 1) * 2 + 1000;
  {
    double per_day = 0;
    for (uint32_t t : plan_tasks) per_day += intervals_per_day(model.tasks[t].cycle);
    double estimate = per_day * static_cast<double>(sorted_dates.size());
    g.instances.reserve(static_cast<size_t>(std::min(estimate, static_cast<double>(hard_cap))) + 1);
  }
  std::vector<Interval> ivs;
  for (const auto& grp : g.groups) {
    for (uint32_t p = 0; p < grp.dates.size(); ++p) {
      int64_t day = grp.dates[p];
      for (uint32_t t : plan_tasks) {
        const Task& task = model.tasks[t];
        intervals_on(task.cycle, day, s.hours, ivs);
        for (const Interval& iv : ivs) {
          Instance in;
          in.task = t;
          in.group = grp.id;
          in.date_pos = p;
          in.start = iv.first;
          in.end = iv.second;
          in.bizdate = day;
          in.priority = static_cast<uint8_t>(effective_priority(task.priority, day, today));
          in.dry_run = is_dry_run(g.selection.role[t]);
          g.instances.push_back(in);
        }
      }
      if (g.instances.size() > hard_cap) break;
    }
    if (g.instances.size() > hard_cap) break;
  }
  if (g.instances.size() > limit) {
    auto& d = diags.report(DiagCode::E0503, b.name_span,
                           fmt::format("backfill `{}` makes {}{} instances; the limit is {}", b.name,
                                       g.instances.size() > hard_cap ? "more than " : "",
                                       g.instances.size(), limit));
    d.notes.push_back({Span{}, "narrow `select`, `dates` or `hours`, or raise it with `limits { instances = N; }`"});
    g.instances.clear();
    return g;
  }

  // Per task: instance indices sorted by start, for dependency lookups.
  std::vector<std::vector<std::pair<int64_t, uint32_t>>> by_start(ntasks);
  for (uint32_t i = 0; i < g.instances.size(); ++i) by_start[g.instances[i].task].emplace_back(g.instances[i].start, i);
  for (auto& v : by_start) std::sort(v.begin(), v.end());
  auto find = [&](uint32_t task, int64_t start) -> int64_t {
    const auto& v = by_start[task];
    auto it = std::lower_bound(v.begin(), v.end(), std::make_pair(start, uint32_t{0}));
    return (it != v.end() && it->first == start) ? static_cast<int64_t>(it->second) : -1;
  };

  // Isolated dependencies, reported once per (task, upstream) pair with a count.
  struct Iso {
    uint32_t instance;
    ExternalRef missing;
    Span span;
    uint64_t count;
  };
  std::vector<Iso> iso;                            // in order of discovery
  std::unordered_map<uint64_t, size_t> iso_index;  // task * ntasks + upstream -> iso
  auto note_isolated = [&](uint32_t i, uint32_t up, int64_t start, Span span) {
    ++g.isolated;
    uint64_t key = static_cast<uint64_t>(g.instances[i].task) * ntasks + up;
    auto [it, added] = iso_index.try_emplace(key, iso.size());
    if (added) iso.push_back(Iso{i, ExternalRef{up, start}, span, 1});
    else ++iso[it->second].count;
  };

  std::vector<uint32_t> deps_tmp;
  std::vector<ExternalRef> ext_tmp;
  auto by_id = [&](uint32_t x, uint32_t y) {
    const Instance &a = g.instances[x], &c = g.instances[y];
    if (a.task != c.task) return g.task_rank[a.task] < g.task_rank[c.task];
    return a.start < c.start;
  };
  auto ext_by_id = [&](const ExternalRef& a, const ExternalRef& c) {
    if (a.task != c.task) return g.task_rank[a.task] < g.task_rank[c.task];
    return a.start < c.start;
  };
  g.deps.reserve(g.instances.size() * 2);
  for (uint32_t i = 0; i < g.instances.size(); ++i) {
    const Instance in = g.instances[i];
    const Task& task = model.tasks[in.task];
    deps_tmp.clear();
    ext_tmp.clear();
    for (const Dep& d : task.deps) {
      bool up_in_plan = in_plan(g.selection.role[d.task]);
      const Cycle& uc = model.tasks[d.task].cycle;
      intervals_overlapping(uc, in.start + d.offset_minutes, in.end + d.offset_minutes, [&](Interval iv) {
        if (up_in_plan) {
          int64_t j = find(d.task, iv.first);
          if (j >= 0) {
            if (static_cast<uint32_t>(j) != i) deps_tmp.push_back(static_cast<uint32_t>(j));
            return;
          }
          if (date_index(floor_div(iv.first, kDay)) >= 0) {
            note_isolated(i, d.task, iv.first, d.span);
            return;
          }
        }
        ext_tmp.push_back(ExternalRef{d.task, iv.first});
      });
    }
    if (task.self_dependent) {
      if (auto prev = previous_interval(task.cycle, in.start)) {
        int64_t j = find(in.task, prev->first);
        if (j >= 0) deps_tmp.push_back(static_cast<uint32_t>(j));
        else ext_tmp.push_back(ExternalRef{in.task, prev->first});
      }
    }
    std::sort(deps_tmp.begin(), deps_tmp.end(), by_id);
    deps_tmp.erase(std::unique(deps_tmp.begin(), deps_tmp.end()), deps_tmp.end());
    std::sort(ext_tmp.begin(), ext_tmp.end(), ext_by_id);
    ext_tmp.erase(std::unique(ext_tmp.begin(), ext_tmp.end()), ext_tmp.end());
    Instance& out = g.instances[i];
    out.deps_begin = static_cast<uint32_t>(g.deps.size());
    g.deps.insert(g.deps.end(), deps_tmp.begin(), deps_tmp.end());
    out.deps_end = static_cast<uint32_t>(g.deps.size());
    out.ext_begin = static_cast<uint32_t>(g.ext.size());
    g.ext.insert(g.ext.end(), ext_tmp.begin(), ext_tmp.end());
    out.ext_end = static_cast<uint32_t>(g.ext.size());
  }

  for (const Iso& v : iso) {
    const Task& t = model.tasks[g.instances[v.instance].task];
    const Task& u = model.tasks[v.missing.task];
    std::string why = u.cycle.sub_daily() && s.hours ? " (its hour is outside `hours`)" : "";
    auto& d = diags.report(DiagCode::E0403, v.span,
                           fmt::format("instance `{}` depends on `{}`, which this backfill does not generate{}",
                                       g.id(v.instance), g.external_id(v.missing), why));
    if (v.count > 1)
      d.notes.push_back({Span{}, fmt::format("{} dependencies of `{}` on `{}` are missing in all", v.count, t.name, u.name)});
    if (b.hours_span.valid()) d.notes.push_back({b.hours_span, "`hours` filters the sub-daily instances here"});
    d.notes.push_back({Span{}, "it would wait forever or read partial data; widen `hours`, or run the upstream too"});
  }
  return g;
}

}  // namespace bfc
