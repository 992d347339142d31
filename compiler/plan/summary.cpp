#include "plan/summary.h"

#include <fmt/format.h>

#include <algorithm>

#include "plan/summary_views.h"
#include "sema/expr_eval.h"
#include "support/calendar.h"

namespace bfc {

namespace {

// The instance count of each task, and how many of them have a downgraded priority.
struct TaskCounts {
  std::vector<uint64_t> instances, downgraded;
};

TaskCounts count_instances(const InstanceGraph& g) {
  const Model& m = *g.model;
  TaskCounts c{std::vector<uint64_t>(m.tasks.size(), 0), std::vector<uint64_t>(m.tasks.size(), 0)};
  for (const Instance& in : g.instances) {
    ++c.instances[in.task];
    if (in.priority != m.tasks[in.task].priority) ++c.downgraded[in.task];
  }
  return c;
}

const char* role_note(Role r) {
  return r == Role::Run                  ? ""
         : r == Role::DryRunExcluded     ? "  dry-run (excluded)"
         : r == Role::DryRunNoPermission ? "  dry-run (no permission)"
         : r == Role::DryRunNotSelected  ? "  dry-run (not selected, between selected tasks)"
         : r == Role::DroppedExcluded    ? "  dropped (excluded)"
                                         : "  dropped (no permission)";
}

// "Tasks: ..." with one line per selected task (by name), then "Roots: ...".
void summarize_tasks(std::string& o, const InstanceGraph& g) {
  const Model& m = *g.model;
  const Selection& sel = g.selection;
  size_t run = 0, dry = 0, dropped = 0;
  for (Role r : sel.role) {
    if (r == Role::Run)
      ++run;
    else if (is_dry_run(r))
      ++dry;
    else if (r != Role::NotSelected)
      ++dropped;
  }
  o += fmt::format("Tasks: {} to run, {} dry-run, {} dropped\n", run, dry, dropped);
  std::vector<uint32_t> order(m.tasks.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](uint32_t x, uint32_t y) { return m.tasks[x].name < m.tasks[y].name; });
  std::vector<bool> is_root(m.tasks.size(), false);
  for (uint32_t t : sel.roots) is_root[t] = true;
  TaskCounts counts = count_instances(g);
  for (uint32_t t : order) {
    Role r = sel.role[t];
    if (r == Role::NotSelected) continue;
    const Task& task = m.tasks[t];
    char mark = r == Role::Run ? '+' : is_dry_run(r) ? '~' : '-';
    o += fmt::format("  {} {:<24} {:<14} {:>8} instances{}{}", mark, task.name, task.cycle.text,
                     counts.instances[t], is_root[t] ? "  root" : "", role_note(r));
    if (counts.downgraded[t])
      o += fmt::format("  priority {} -> {} for {}", task.priority,
                       effective_priority(task.priority, g.today - 2, g.today),
                       counts.downgraded[t]);
    o += "\n";
  }
  std::string roots;
  for (uint32_t t : sel.roots) roots += (roots.empty() ? "" : ", ") + m.tasks[t].name;
  o += fmt::format("Roots: {}\n\n", roots.empty() ? "none" : roots);
}

// "Dates: ...", the hours, and one line per group.
void summarize_dates(std::string& o, const InstanceGraph& g) {
  const Backfill& b = *g.backfill;
  const Settings& s = b.settings;
  o += fmt::format("Dates: {} ({}), order {}\n", b.dates.size(), cal::format_date_ranges(b.dates),
                   s.descending.value_or(false) ? "descending" : "ascending");
  if (s.hours)
    o += fmt::format("Hours: {}..{} (sub-daily instances only)\n", cal::format_time(s.hours->first),
                     cal::format_time(s.hours->second));
  o += fmt::format("Groups: {} side by side; inside a group the dates run one after another\n",
                   g.groups.size());
  for (const auto& grp : g.groups) {
    std::string dates;
    for (size_t i = 0; i < grp.dates.size(); ++i) {
      if (i == 3 && grp.dates.size() > 5) {
        dates += fmt::format(", ... ({} more), {}", grp.dates.size() - 4,
                             cal::format_date(grp.dates.back()));
        break;
      }
      dates += (i ? ", " : "") + cal::format_date(grp.dates[i]);
    }
    o += fmt::format("  group {}: {} date{}: {}\n", grp.id, grp.dates.size(),
                     grp.dates.size() == 1 ? "" : "s", dates);
  }
}

// "Instances: ..." and "Settings: ...".
void summarize_instances(std::string& o, const InstanceGraph& g) {
  const Settings& s = g.backfill->settings;
  size_t n_dry = 0;
  for (const Instance& in : g.instances) n_dry += in.dry_run;
  std::vector<ExternalRef> ext = g.ext;
  std::sort(ext.begin(), ext.end(), [](const ExternalRef& a, const ExternalRef& c) {
    return a.task != c.task ? a.task < c.task : a.start < c.start;
  });
  ext.erase(std::unique(ext.begin(), ext.end()), ext.end());
  o += fmt::format("\nInstances: {} ({} run, {} dry-run); {} external dependencies assumed done\n",
                   g.instances.size(), g.instances.size() - n_dry, n_dry, ext.size());
  o += fmt::format(
      "Settings: parallel {}, max_running {}, throttle {}s, window {}, alert {}\n",
      s.parallel.value_or(1), s.max_running ? std::to_string(*s.max_running) : "cores",
      s.throttle_s.value_or(0),
      s.window ? cal::format_time(s.window->first) + ".." + cal::format_time(s.window->second)
               : "none",
      s.alert_command ? "configured" : "none");
}

}  // namespace

std::string plan_summary(const InstanceGraph& g, const CheckedParams& params) {
  std::string o;
  o += fmt::format("Backfill `{}` (today {}, initiator {})\n\n", g.backfill->name,
                   cal::format_date(g.today),
                   g.selection.initiator.empty() ? "not set" : g.selection.initiator);
  summarize_tasks(o, g);
  summarize_dates(o, g);
  summarize_instances(o, g);
  o += first_commands_text(g, params, 3);
  o += fmt::format("\nPlan: {} instances in {} group{}.\n", g.instances.size(), g.groups.size(),
                   g.groups.size() == 1 ? "" : "s");
  return o;
}

std::string plan_has_errors(const InstanceGraph& g) {
  return fmt::format(
      "Backfill `{}` has errors: it cannot run, so there is no plan to show.\n"
      "Fix the errors reported below and run `bfc plan` again.\n",
      g.backfill->name);
}

}  // namespace bfc
