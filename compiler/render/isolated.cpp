#include "render/isolated.h"

#include <algorithm>

#include "plan/intervals.h"
#include "support/calendar.h"

namespace bfc::render {

std::vector<IsolatedDep> find_isolated(const InstanceGraph& g) {
  std::vector<IsolatedDep> out;
  if (g.isolated == 0 || g.instances.empty()) return out;
  const Model& m = *g.model;
  const std::vector<int64_t>& dates = g.backfill->dates;
  // Per task: starts of its generated instances, sorted, to ask "is it generated?".
  std::vector<std::vector<int64_t>> starts(m.tasks.size());
  for (const Instance& in : g.instances) starts[in.task].push_back(in.start);
  for (auto& v : starts) std::sort(v.begin(), v.end());
  auto generated = [&](uint32_t task, int64_t start) {
    return std::binary_search(starts[task].begin(), starts[task].end(), start);
  };
  auto on_backfill_date = [&](int64_t minute) {
    int64_t day = minute >= 0 ? minute / cal::kMinutesPerDay
                              : -((-minute + cal::kMinutesPerDay - 1) / cal::kMinutesPerDay);
    return std::binary_search(dates.begin(), dates.end(), day);
  };
  for (uint32_t i = 0; i < g.instances.size(); ++i) {
    const Instance& in = g.instances[i];
    for (const Dep& d : m.tasks[in.task].deps) {
      if (!in_plan(g.selection.role[d.task])) continue;
      intervals_overlapping(m.tasks[d.task].cycle, in.start + d.offset_minutes,
                            in.end + d.offset_minutes, [&](Interval iv) {
                              if (!generated(d.task, iv.first) && on_backfill_date(iv.first))
                                out.push_back(IsolatedDep{i, ExternalRef{d.task, iv.first}});
                            });
    }
  }
  return out;
}

}  // namespace bfc::render
