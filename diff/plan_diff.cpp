#include "diff/plan_diff.h"

#include "diff/groups.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>

namespace bfc::diff {

namespace {

using runtime::Plan;
using runtime::PlanInstance;

// The fingerprinted fields that differ (docs/plan-format.md "Fingerprints").
std::vector<std::string> changed_fields(const PlanInstance& a, const PlanInstance& b) {
  std::vector<std::string> f;
  if (a.command.is_list != b.command.is_list || a.command.text != b.command.text ||
      a.command.argv != b.command.argv)
    f.push_back("command");
  if (a.dry_run != b.dry_run) f.push_back("mode");
  if (a.workspace != b.workspace) f.push_back("workspace");
  if (a.interval_start != b.interval_start || a.interval_end != b.interval_end)
    f.push_back("interval");
  if (a.bizdate != b.bizdate) f.push_back("bizdate");
  if (a.cyctime != b.cyctime) f.push_back("cyctime");
  if (a.image != b.image) f.push_back("image");
  return f;
}

std::string or_none(const std::string& s) {
  return s.empty() ? "none" : s;
}

void add_if(std::vector<ValueChange>& out, std::string name, const std::string& a,
            const std::string& b) {
  if (a != b) out.push_back({std::move(name), or_none(a), or_none(b)});
}

std::string alert_text(const std::optional<runtime::PlanAlert>& a) {
  if (!a) return "";
  const char* on = a->on == runtime::PlanAlertOn::Success  ? "success"
                   : a->on == runtime::PlanAlertOn::Always ? "always"
                                                           : "failure";
  return fmt::format("on {}: {}", on, command_text(a->command));
}

void diff_settings(const Plan& a, const Plan& b, PlanDiff& d) {
  const auto &x = a.settings, &y = b.settings;
  add_if(d.settings, "parallel", std::to_string(x.parallel), std::to_string(y.parallel));
  add_if(d.settings, "order", x.descending ? "descending" : "ascending",
         y.descending ? "descending" : "ascending");
  add_if(d.settings, "throttle_s", std::to_string(x.throttle_s), std::to_string(y.throttle_s));
  add_if(d.settings, "max_running", x.max_running ? std::to_string(*x.max_running) : "cores",
         y.max_running ? std::to_string(*y.max_running) : "cores");
  add_if(d.settings, "window", x.window ? x.window->text : "", y.window ? y.window->text : "");
  add_if(d.settings, "alert", alert_text(x.alert), alert_text(y.alert));
  add_if(d.settings, "run_future", x.run_future ? "true" : "false",
         y.run_future ? "true" : "false");
  add_if(d.plan_fields, "backfill", a.backfill, b.backfill);
  add_if(d.plan_fields, "today", a.today, b.today);
  add_if(d.plan_fields, "initiator", a.initiator, b.initiator);
}

// A group's dates as ranges, "(descending)" when they run latest first.
std::string group_dates(const std::vector<std::string>& dates) {
  bool descending = dates.size() > 1 && dates.front() > dates.back();
  return date_ranges(dates) + (descending ? " (descending)" : "");
}

void diff_groups(const Plan& a, const Plan& b, PlanDiff& d) {
  std::map<int, std::pair<const runtime::PlanGroup*, const runtime::PlanGroup*>> by_id;
  for (const auto& g : a.groups) by_id[g.id].first = &g;
  for (const auto& g : b.groups) by_id[g.id].second = &g;
  for (const auto& [id, p] : by_id) {
    std::string x = p.first ? group_dates(p.first->dates) : "";
    std::string y = p.second ? group_dates(p.second->dates) : "";
    add_if(d.groups, fmt::format("group {}", id), x, y);
  }
}

}  // namespace

void set_changed_fields(PlanDiff& d) {
  for (auto& c : d.changed)
    c.fields = changed_fields(d.old_side->full(c.old_index), d.new_side->full(c.new_index));
}

Side side_of(const runtime::Plan& plan) {
  Side s;
  s.head = &plan;
  s.entries.reserve(plan.instances.size());
  for (const auto& in : plan.instances)
    s.entries.push_back({in.id, in.task, in.bizdate, in.fingerprint, in.lineage});
  s.full = [&plan](int i) -> const runtime::PlanInstance& { return plan.instances[i]; };
  return s;
}

std::string command_text(const runtime::Command& c) {
  if (!c.is_list) return c.text;
  std::string s;
  for (const auto& a : c.argv) s += (s.empty() ? "" : "\n") + a;
  return s;
}

PlanDiff diff_plans(const Side& sa, const Side& sb) {
  const std::vector<Entry>& a = sa.entries;
  const std::vector<Entry>& b = sb.entries;
  PlanDiff d;
  d.old_side = &sa;
  d.new_side = &sb;
  // Ids of the old plan; string views into it (the plans outlive the diff).
  // Built at the first id that is not at its old position (two versions of one plan often
  // keep every instance in place).
  std::unordered_map<std::string_view, int> old_index;
  auto index_old = [&] {
    old_index.reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) old_index.emplace(a[i].id, int(i));
  };
  std::vector<bool> matched(a.size(), false);
  std::unordered_map<std::string_view, Counts> task_counts;
  Counts* last_counts = nullptr;
  std::string_view last_task;
  auto counts_of = [&](std::string_view task) -> Counts& {
    if (!last_counts || task != last_task) {
      last_task = task;
      last_counts = &task_counts[task];
    }
    return *last_counts;
  };
  for (std::size_t j = 0; j < b.size(); ++j) {
    const Entry& nb = b[j];
    // Plans of one backfill mostly keep their order: try the same position first.
    int i = j < a.size() && a[j].id == nb.id ? int(j) : -1;
    if (i < 0) {
      if (old_index.empty()) index_old();
      auto it = old_index.find(nb.id);
      if (it != old_index.end()) i = it->second;
    }
    Counts& c = counts_of(nb.task);
    if (i < 0) {
      d.added.push_back(int(j));
      ++c.added;
      continue;
    }
    matched[i] = true;
    const Entry& na = a[i];
    if (na.fingerprint != nb.fingerprint) {
      d.changed.push_back({i, int(j), {}});
      ++c.changed;
    } else if (na.lineage != nb.lineage) {
      d.affected.push_back(int(j));
      ++c.affected;
    } else {
      ++c.unchanged;
    }
  }
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!matched[i]) {
      d.removed.push_back(int(i));
      ++counts_of(a[i].task).removed;
    }
  std::map<std::string_view, Counts> tasks(task_counts.begin(), task_counts.end());
  // Lists sorted by task name, then id: tasks compare by their rank among all task names,
  // ids of one task by what follows their common "task@". A plan usually lists each task's
  // instances in id order; then (rank, position) sorts as (rank, id) does, without comparing
  // strings.
  std::unordered_map<std::string_view, int> rank;
  for (const auto& [name, c] : tasks) rank.emplace(name, int(rank.size()));
  auto sort_by_task_id = [&](std::vector<int>& list, const std::vector<Entry>& p) {
    std::vector<std::pair<int, int>> keyed;  // (task rank, index)
    keyed.reserve(list.size());
    int last_rank = 0;
    std::string_view last_task;
    std::vector<int> last_of_rank(rank.size(), -1);
    bool ids_in_order = true;  // within each task, a later position has a greater id
    for (int x : list) {
      std::string_view t = p[x].task;
      if (t != last_task) {
        last_task = t;
        last_rank = rank.at(t);
      }
      int& last = last_of_rank[last_rank];
      if (last >= 0 && ids_in_order) ids_in_order = last < x && p[last].id < p[x].id;
      last = std::max(last, x);
      keyed.push_back({last_rank, x});
    }
    if (ids_in_order)
      std::sort(keyed.begin(), keyed.end());
    else
      std::sort(keyed.begin(), keyed.end(), [&](const auto& u, const auto& v) {
        if (u.first != v.first) return u.first < v.first;
        return p[u.second].id < p[v.second].id;
      });
    for (std::size_t k = 0; k < list.size(); ++k) list[k] = keyed[k].second;
  };
  sort_by_task_id(d.added, b);
  sort_by_task_id(d.removed, a);
  sort_by_task_id(d.affected, b);
  std::vector<int> new_index(d.changed.size());
  for (std::size_t k = 0; k < d.changed.size(); ++k) new_index[k] = d.changed[k].new_index;
  std::vector<int> sorted = new_index;
  sort_by_task_id(sorted, b);
  std::unordered_map<int, std::size_t> where;
  where.reserve(d.changed.size());
  for (std::size_t k = 0; k < d.changed.size(); ++k) where.emplace(new_index[k], k);
  std::vector<ChangedInstance> changed;
  changed.reserve(d.changed.size());
  for (int j : sorted) changed.push_back(std::move(d.changed[where.at(j)]));
  d.changed = std::move(changed);
  for (const auto& [name, c] : tasks) {
    d.tasks.push_back({std::string(name), c});
    d.total.added += c.added;
    d.total.removed += c.removed;
    d.total.changed += c.changed;
    d.total.affected += c.affected;
    d.total.unchanged += c.unchanged;
  }
  diff_settings(*sa.head, *sb.head, d);
  diff_groups(*sa.head, *sb.head, d);
  return d;
}

}  // namespace bfc::diff
