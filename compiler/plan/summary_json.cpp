// `bfc plan --format json`: the summary as one JSON document (docs/plan.md).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "plan/summary_views.h"
#include "support/calendar.h"

namespace bfc {

namespace {

using nlohmann::ordered_json;

ordered_json header(const InstanceGraph& g, bool has_errors) {
  ordered_json j;
  j["format"] = "bfc-plan-summary/1";
  j["backfill"] = g.backfill->name;
  j["today"] = cal::format_date(g.today);
  j["initiator"] =
      g.selection.initiator.empty() ? ordered_json(nullptr) : ordered_json(g.selection.initiator);
  j["has_errors"] = has_errors;
  return j;
}

// Selected tasks by name, with their role and instance counts.
ordered_json tasks_json(const InstanceGraph& g) {
  const Model& m = *g.model;
  std::vector<uint64_t> count(m.tasks.size(), 0), downgraded(m.tasks.size(), 0);
  for (const Instance& in : g.instances) {
    ++count[in.task];
    if (in.priority != m.tasks[in.task].priority) ++downgraded[in.task];
  }
  std::vector<bool> root(m.tasks.size(), false);
  for (uint32_t t : g.selection.roots) root[t] = true;
  std::vector<uint32_t> order;
  for (uint32_t t = 0; t < m.tasks.size(); ++t)
    if (g.selection.role[t] != Role::NotSelected) order.push_back(t);
  std::sort(order.begin(), order.end(),
            [&](uint32_t x, uint32_t y) { return m.tasks[x].name < m.tasks[y].name; });
  ordered_json arr = ordered_json::array();
  for (uint32_t t : order)
    arr.push_back({{"name", m.tasks[t].name},
                   {"cycle", m.tasks[t].cycle.text},
                   {"role", role_name(g.selection.role[t])},
                   {"root", bool(root[t])},
                   {"instances", count[t]},
                   {"priority_downgraded", downgraded[t]}});
  return arr;
}

ordered_json dates_json(const InstanceGraph& g) {
  const Backfill& b = *g.backfill;
  ordered_json groups = ordered_json::array();
  for (const auto& grp : g.groups) {
    ordered_json dates = ordered_json::array();
    for (int64_t d : grp.dates) dates.push_back(cal::format_date(d));
    groups.push_back({{"id", grp.id}, {"dates", dates}});
  }
  ordered_json all = ordered_json::array();
  for (int64_t d : b.dates) all.push_back(cal::format_date(d));
  const Settings& s = b.settings;
  return {{"dates", all},
          {"order", s.descending.value_or(false) ? "descending" : "ascending"},
          {"hours", s.hours ? ordered_json(cal::format_time(s.hours->first) + ".." +
                                           cal::format_time(s.hours->second))
                            : ordered_json(nullptr)},
          {"groups", groups}};
}

ordered_json settings_json(const Settings& s) {
  return {{"parallel", s.parallel.value_or(1)},
          {"max_running", s.max_running ? ordered_json(*s.max_running) : ordered_json(nullptr)},
          {"throttle_s", s.throttle_s.value_or(0)},
          {"window", s.window ? ordered_json(cal::format_time(s.window->first) + ".." +
                                             cal::format_time(s.window->second))
                              : ordered_json(nullptr)},
          {"alert", bool(s.alert_command)}};
}

}  // namespace

std::string plan_summary_json(const InstanceGraph& g, const CheckedParams& params) {
  ordered_json j = header(g, false);
  j["tasks"] = tasks_json(g);
  ordered_json roots = ordered_json::array();
  for (uint32_t t : g.selection.roots) roots.push_back(g.model->tasks[t].name);
  j["roots"] = roots;
  ordered_json dates = dates_json(g);
  for (auto& [k, v] : dates.items()) j[k] = v;
  size_t dry = 0;
  for (const Instance& in : g.instances) dry += in.dry_run;
  std::vector<ExternalRef> ext = g.ext;
  std::sort(ext.begin(), ext.end(), [](const ExternalRef& a, const ExternalRef& c) {
    return a.task != c.task ? a.task < c.task : a.start < c.start;
  });
  ext.erase(std::unique(ext.begin(), ext.end()), ext.end());
  j["instances"] = {{"total", g.instances.size()},
                    {"run", g.instances.size() - dry},
                    {"dry_run", dry},
                    {"external_deps", ext.size()}};
  j["settings"] = settings_json(g.backfill->settings);
  std::vector<uint32_t> first = first_to_run(g, 3);
  std::vector<std::string> cmds = instance_commands(g, params, first);
  ordered_json firsts = ordered_json::array();
  for (size_t k = 0; k < first.size(); ++k)
    firsts.push_back({{"id", g.id(first[k])}, {"command", cmds[k]}});
  j["first_commands"] = firsts;
  return j.dump(2) + "\n";
}

std::string plan_errors_json(const InstanceGraph& g) {
  return header(g, true).dump(2) + "\n";
}

}  // namespace bfc
