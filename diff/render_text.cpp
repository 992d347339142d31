#include <fmt/format.h>

#include "diff/groups.h"
#include "diff/render.h"

namespace bfc::diff {

namespace {

std::string counted(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

void indent(std::string& o, const std::string& text, const char* prefix) {
  std::size_t b = 0;
  while (b < text.size()) {
    std::size_t e = text.find('\n', b);
    if (e == std::string::npos) e = text.size();
    o += prefix;
    o.append(text, b, e - b);
    o += '\n';
    b = e + 1;
  }
}

void list_groups(std::string& o, const char* title, const std::vector<Group>& groups) {
  if (groups.empty()) return;
  o += fmt::format("\n{}:\n", title);
  for (const Group& g : groups)
    o += fmt::format("  {}: {} ({})\n", g.task,
                     counted(g.instances.size(), "instance", "instances"), g.dates);
}

}  // namespace

std::string render_text(const PlanDiff& d, const Labels& l) {
  const Counts& t = d.total;
  std::string o = fmt::format("bfc diff {} -> {}\n", l.old_name, l.new_name);
  for (const auto& f : d.plan_fields)
    o += fmt::format("  {}: {} -> {}\n", f.name, f.old_value, f.new_value);
  o += fmt::format(
      "\nInstances: {} -> {}: {} added, {} removed, {} changed, {} affected (an upstream "
      "instance changed), {} unchanged\n",
      d.old_side->entries.size(), d.new_side->entries.size(), t.added, t.removed, t.changed,
      t.affected, t.unchanged);
  bool any_task = false;
  for (const auto& [name, c] : d.tasks) {
    if (!c.any()) continue;
    if (!any_task)
      o += fmt::format("\n  {:<24} {:>8} {:>8} {:>8} {:>8} {:>9}\n", "task", "added", "removed",
                       "changed", "affected", "unchanged");
    any_task = true;
    o += fmt::format("  {:<24} {:>8} {:>8} {:>8} {:>8} {:>9}\n", name, c.added, c.removed,
                     c.changed, c.affected, c.unchanged);
  }
  if (!d.settings.empty() || !d.groups.empty()) {
    o += "\nSettings:\n";
    for (const auto& s : d.settings)
      o += fmt::format("  {}: {} -> {}\n", s.name, s.old_value, s.new_value);
    for (const auto& g : d.groups)
      o += fmt::format("  {}: {} -> {}\n", g.name, g.old_value, g.new_value);
  }
  std::vector<Group> changed = group_changed(d);
  if (!changed.empty()) o += "\nChanged:\n";
  for (const Group& g : changed) {
    o += fmt::format("  {}: {} ({}): {}\n", g.task,
                     counted(g.instances.size(), "instance", "instances"), g.dates,
                     joined_fields(g));
    std::string u = first_command_diff(d, g);
    if (!u.empty()) {
      if (g.instances.size() > 1) o += "    the command of the first, the others alike:\n";
      indent(o, u, "    ");
    }
  }
  list_groups(o, "Affected (only an upstream instance changed)",
              group_by_task(*d.new_side, d.affected));
  list_groups(o, "Added", group_by_task(*d.new_side, d.added));
  list_groups(o, "Removed", group_by_task(*d.old_side, d.removed));
  if (!d.any()) o += "\nNo differences.\n";
  return o;
}

}  // namespace bfc::diff
