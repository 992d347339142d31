// `--dump=selection`: one backfill's selection, each task's role in declaration order.
#include <fmt/format.h>

#include <algorithm>

#include "frontend/dump.h"
#include "sema/dump.h"

namespace bfc {

std::string dump_selection(const Model& m, const Backfill& b, const Selection& sel) {
  std::string out = fmt::format("selection of backfill {}: initiator {}, {} in the plan, {}\n",
                                b.name, sel.initiator.empty() ? "none" : quoted(sel.initiator),
                                counted(sel.tasks.size(), "task", "tasks"),
                                counted(sel.roots.size(), "root", "roots"));
  size_t width = 0;
  for (const Task& t : m.tasks) width = std::max(width, t.name.size());
  for (size_t i = 0; i < m.tasks.size() && i < sel.role.size(); ++i) {
    bool root = std::find(sel.roots.begin(), sel.roots.end(), i) != sel.roots.end();
    out += fmt::format("  {:<{}}  {}{}\n", m.tasks[i].name, width, role_name(sel.role[i]),
                       root ? " (root)" : "");
  }
  return out;
}

}  // namespace bfc
