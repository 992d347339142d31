// Linear in the number of instances and edges: lookups are binary searches in per-task
// start arrays.
#include "plan/instance_deps.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "common/int_math.h"
#include "plan/intervals.h"
#include "support/calendar.h"

namespace bfc {

namespace {

// A dependency on an instance the backfill does not generate, with how many times the
// same (task, upstream) pair was missing.
struct Isolated {
  uint32_t instance;
  ExternalRef missing;
  Span span;
  uint64_t count;
};

class DepLinker {
 public:
  explicit DepLinker(InstanceGraph& g);

  // Computes and appends the deps and external deps of instance `i`.
  void link(uint32_t i);
  // Reports every isolated dependency found (E0403).
  void report_isolated(DiagnosticSink& diags) const;

 private:
  // The index of `task`'s instance starting at `start`, or -1.
  int64_t find(uint32_t task, int64_t start) const {
    const auto& v = by_start_[task];
    auto it = std::lower_bound(v.begin(), v.end(), std::make_pair(start, uint32_t{0}));
    return (it != v.end() && it->first == start) ? static_cast<int64_t>(it->second) : -1;
  }
  bool in_dates(int64_t day) const {
    const std::vector<int64_t>& dates = g_.backfill->dates;
    return std::binary_search(dates.begin(), dates.end(), day);
  }
  void add_upstream(uint32_t i, const Instance& in, const Dep& d);
  void add_previous(const Instance& in, const Task& task);
  void note_isolated(uint32_t i, uint32_t up, int64_t start, Span span);
  void append(Instance& out);

  InstanceGraph& g_;
  const Model& m_;
  std::vector<std::vector<std::pair<int64_t, uint32_t>>> by_start_;  // per task, sorted
  std::vector<Isolated> iso_;                                        // in order of discovery
  std::unordered_map<uint64_t, size_t> iso_index_;  // task * ntasks + upstream -> iso_
  std::vector<uint32_t> deps_tmp_;
  std::vector<ExternalRef> ext_tmp_;
};

DepLinker::DepLinker(InstanceGraph& g) : g_(g), m_(*g.model), by_start_(m_.tasks.size()) {
  for (uint32_t i = 0; i < g.instances.size(); ++i)
    by_start_[g.instances[i].task].emplace_back(g.instances[i].start, i);
  for (auto& v : by_start_) std::sort(v.begin(), v.end());
}

void DepLinker::link(uint32_t i) {
  const Instance in = g_.instances[i];
  const Task& task = m_.tasks[in.task];
  deps_tmp_.clear();
  ext_tmp_.clear();
  for (const Dep& d : task.deps) add_upstream(i, in, d);
  if (task.self_dependent) add_previous(in, task);
  append(g_.instances[i]);
}

// The instances of `d`'s task that instance `i` reads: in the plan, isolated, or external.
void DepLinker::add_upstream(uint32_t i, const Instance& in, const Dep& d) {
  bool up_in_plan = in_plan(g_.selection.role[d.task]);
  const Cycle& uc = m_.tasks[d.task].cycle;
  intervals_overlapping(uc, in.start + d.offset_minutes, in.end + d.offset_minutes,
                        [&](Interval iv) {
                          if (up_in_plan) {
                            int64_t j = find(d.task, iv.first);
                            if (j >= 0) {
                              if (static_cast<uint32_t>(j) != i)
                                deps_tmp_.push_back(static_cast<uint32_t>(j));
                              return;
                            }
                            if (in_dates(floor_div(iv.first, cal::kMinutesPerDay))) {
                              note_isolated(i, d.task, iv.first, d.span);
                              return;
                            }
                          }
                          ext_tmp_.push_back(ExternalRef{d.task, iv.first});
                        });
}

// A self-dependent task waits for its previous interval.
void DepLinker::add_previous(const Instance& in, const Task& task) {
  if (auto prev = previous_interval(task.cycle, in.start)) {
    int64_t j = find(in.task, prev->first);
    if (j >= 0)
      deps_tmp_.push_back(static_cast<uint32_t>(j));
    else
      ext_tmp_.push_back(ExternalRef{in.task, prev->first});
  }
}

void DepLinker::note_isolated(uint32_t i, uint32_t up, int64_t start, Span span) {
  ++g_.isolated;
  uint64_t key = static_cast<uint64_t>(g_.instances[i].task) * m_.tasks.size() + up;
  auto [it, added] = iso_index_.try_emplace(key, iso_.size());
  if (added)
    iso_.push_back(Isolated{i, ExternalRef{up, start}, span, 1});
  else
    ++iso_[it->second].count;
}

// Sorts the collected deps by id, drops repeats and appends them to the graph's arrays.
void DepLinker::append(Instance& out) {
  const std::vector<uint32_t>& rank = g_.task_rank;
  auto by_id = [&](uint32_t x, uint32_t y) {
    const Instance &a = g_.instances[x], &c = g_.instances[y];
    if (a.task != c.task) return rank[a.task] < rank[c.task];
    return a.start < c.start;
  };
  auto ext_by_id = [&](const ExternalRef& a, const ExternalRef& c) {
    if (a.task != c.task) return rank[a.task] < rank[c.task];
    return a.start < c.start;
  };
  std::sort(deps_tmp_.begin(), deps_tmp_.end(), by_id);
  deps_tmp_.erase(std::unique(deps_tmp_.begin(), deps_tmp_.end()), deps_tmp_.end());
  std::sort(ext_tmp_.begin(), ext_tmp_.end(), ext_by_id);
  ext_tmp_.erase(std::unique(ext_tmp_.begin(), ext_tmp_.end()), ext_tmp_.end());
  out.deps_begin = static_cast<uint32_t>(g_.deps.size());
  g_.deps.insert(g_.deps.end(), deps_tmp_.begin(), deps_tmp_.end());
  out.deps_end = static_cast<uint32_t>(g_.deps.size());
  out.ext_begin = static_cast<uint32_t>(g_.ext.size());
  g_.ext.insert(g_.ext.end(), ext_tmp_.begin(), ext_tmp_.end());
  out.ext_end = static_cast<uint32_t>(g_.ext.size());
}

void DepLinker::report_isolated(DiagnosticSink& diags) const {
  const Backfill& b = *g_.backfill;
  for (size_t k = 0; k < iso_.size(); ++k) {
    if (diags.limit_reached()) {
      diags.count_not_shown(iso_.size() - k);  // formatting them is most of the cost
      return;
    }
    const Isolated& v = iso_[k];
    const Task& t = m_.tasks[g_.instances[v.instance].task];
    const Task& u = m_.tasks[v.missing.task];
    std::string why =
        u.cycle.sub_daily() && b.settings.hours ? " (its hour is outside `hours`)" : "";
    auto& d = diags.report(
        DiagCode::E0403, v.span,
        fmt::format("instance `{}` depends on `{}`, which this backfill does not generate{}",
                    g_.id(v.instance), g_.external_id(v.missing), why));
    if (v.count > 1)
      d.notes.push_back({Span{}, fmt::format("{} dependencies of `{}` on `{}` are missing in all",
                                             v.count, t.name, u.name)});
    if (b.hours_span.valid())
      d.notes.push_back({b.hours_span, "`hours` filters the sub-daily instances here"});
    d.notes.push_back(
        {Span{},
         "it would wait forever or read partial data; widen `hours`, or run the upstream too"});
  }
}

}  // namespace

void link_dependencies(InstanceGraph& g, DiagnosticSink& diags) {
  DepLinker linker(g);
  g.deps.reserve(g.instances.size() * 2);
  for (uint32_t i = 0; i < g.instances.size(); ++i) linker.link(i);
  linker.report_isolated(diags);
}

}  // namespace bfc
