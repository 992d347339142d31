// Expansion of a backfill into instances and their dependencies. Linear in the number of
// instances and edges (lookups are binary searches in per-task start arrays).
#include "plan/instances.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "common/int_math.h"
#include "plan/instance_deps.h"
#include "plan/intervals.h"
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
  size_t g = static_cast<size_t>(
      std::min<int64_t>(std::max<int64_t>(parallel, 1), static_cast<int64_t>(n)));
  size_t base = n / g, extra = n % g, at = 0;
  for (size_t i = 0; i < g; ++i) {
    size_t len = base + (i < extra ? 1 : 0);
    groups.push_back(Group{static_cast<uint32_t>(i),
                           std::vector<int64_t>(dates.begin() + at, dates.begin() + at + len)});
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

namespace {

// Rank of each task when tasks are ordered by their id prefix "name@" (so instance ids
// sort as strings).
std::vector<uint32_t> rank_tasks(const Model& model) {
  const size_t ntasks = model.tasks.size();
  std::vector<uint32_t> by_name(ntasks);
  std::iota(by_name.begin(), by_name.end(), 0);
  std::sort(by_name.begin(), by_name.end(), [&](uint32_t x, uint32_t y) {
    return model.tasks[x].name + "@" < model.tasks[y].name + "@";
  });
  std::vector<uint32_t> rank(ntasks, 0);
  for (uint32_t r = 0; r < ntasks; ++r) rank[by_name[r]] = r;
  return rank;
}

// Reserves room for the expected number of instances (never more than `hard_cap`).
void reserve_instances(InstanceGraph& g, const std::vector<uint32_t>& plan_tasks,
                       uint64_t hard_cap) {
  double per_day = 0;
  for (uint32_t t : plan_tasks) per_day += intervals_per_day(g.model->tasks[t].cycle);
  double estimate = per_day * static_cast<double>(g.backfill->dates.size());
  g.instances.reserve(static_cast<size_t>(std::min(estimate, static_cast<double>(hard_cap))) + 1);
}

// The day barrier of an instance that starts on date `p` of `grp` and ends at `end`: the
// position of the last date of the group, in run order, that its interval covers. A weekly
// or monthly instance reads the daily instances of its whole period, so it cannot belong to
// its first day (docs/semantics.md, "Day barriers"). Descending groups run the later covered
// dates first, so there it stays at `p`.
uint32_t barrier_position(const Group& grp, uint32_t p, int64_t end) {
  int64_t last = floor_div(end - 1, kDay);
  uint32_t q = p;
  while (q + 1 < grp.dates.size() && grp.dates[q + 1] > grp.dates[p] && grp.dates[q + 1] <= last)
    ++q;
  return q;
}

// The instances of `plan_tasks` on one date of a group, appended in id order.
void generate_day(InstanceGraph& g, const std::vector<uint32_t>& plan_tasks, const Group& grp,
                  uint32_t p, std::vector<Interval>& ivs) {
  int64_t day = grp.dates[p];
  for (uint32_t t : plan_tasks) {
    const Task& task = g.model->tasks[t];
    intervals_on(task.cycle, day, g.backfill->settings.hours, ivs);
    for (const Interval& iv : ivs) {
      Instance in;
      in.task = t;
      in.group = grp.id;
      in.date_pos = p;
      in.barrier_pos = barrier_position(grp, p, iv.second);
      in.start = iv.first;
      in.end = iv.second;
      in.bizdate = day;
      in.priority = static_cast<uint8_t>(effective_priority(task.priority, day, g.today));
      in.dry_run = is_dry_run(g.selection.role[t]);
      g.instances.push_back(in);
    }
  }
}

// Generates instances: groups -> dates in run order -> tasks by id -> intervals
// ascending; stops once there are more than `hard_cap`.
void generate_instances(InstanceGraph& g, const std::vector<uint32_t>& plan_tasks,
                        uint64_t hard_cap) {
  std::vector<Interval> ivs;
  for (const auto& grp : g.groups) {
    for (uint32_t p = 0; p < grp.dates.size(); ++p) {
      generate_day(g, plan_tasks, grp, p, ivs);
      if (g.instances.size() > hard_cap) return;
    }
  }
}

}  // namespace

InstanceGraph expand_instances(const Model& model, const Backfill& b, Selection selection,
                               int64_t today, DiagnosticSink& diags) {
  InstanceGraph g;
  g.model = &model;
  g.backfill = &b;
  g.today = today;
  g.selection = std::move(selection);
  g.task_rank = rank_tasks(model);
  const Settings& s = b.settings;

  // Dates in run order, cut into groups.
  std::vector<int64_t> ordered = b.dates;
  if (s.descending.value_or(false)) std::reverse(ordered.begin(), ordered.end());
  g.groups = make_groups(ordered, s.parallel.value_or(1));

  // Plan tasks in id order.
  std::vector<uint32_t> plan_tasks = g.selection.tasks;
  std::sort(plan_tasks.begin(), plan_tasks.end(),
            [&](uint32_t x, uint32_t y) { return g.task_rank[x] < g.task_rank[y]; });

  uint64_t limit = static_cast<uint64_t>(s.max_instances.value_or(1'000'000));
  uint64_t hard_cap = std::max<uint64_t>(limit, 1) * 2 + 1000;
  reserve_instances(g, plan_tasks, hard_cap);
  generate_instances(g, plan_tasks, hard_cap);
  if (g.instances.size() > limit) {
    auto& d = diags.report(
        DiagCode::E0503, b.name_span,
        fmt::format("backfill `{}` makes {}{} instances; the limit is {}", b.name,
                    g.instances.size() > hard_cap ? "more than " : "", g.instances.size(), limit));
    d.notes.push_back(
        {Span{},
         "narrow `select`, `dates` or `hours`, or raise it with `limits { instances = N; }`"});
    g.instances.clear();
    return g;
  }
  link_dependencies(g, diags);
  return g;
}

}  // namespace bfc
