// Failures by root cause for `bfc status` (status.h, analyze_failures): which failure each
// propagated one followed from, counted per day, and the groups a failure stopped.
#include "runtime/commands/status.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <tuple>
#include <unordered_map>

namespace bfc::runtime {

FailureAnalysis analyze_failures(const StatusData& d) {
  const Plan& plan = *d.plan;
  const int n = int(d.states.size());
  FailureAnalysis fa;
  fa.cause_of.assign(n, -1);
  // Each instance's (group, day) by its bizdate: the groups' dates are disjoint.
  std::unordered_map<std::string_view, std::pair<int, int>> day_of_date;
  if (plan.groups.empty()) {
    for (const auto& in : plan.instances) fa.days_of_unknown_groups.push_back(in.bizdate);
    auto& v = fa.days_of_unknown_groups;
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    for (std::size_t k = 0; k < v.size(); ++k) day_of_date.emplace(v[k], std::pair(-1, int(k)));
  } else {
    for (std::size_t g = 0; g < plan.groups.size(); ++g)
      for (std::size_t k = 0; k < plan.groups[g].dates.size(); ++k)
        day_of_date.emplace(plan.groups[g].dates[k], std::pair(int(g), int(k)));
  }
  std::vector<std::pair<int, int>> where(n, {-1, 0});
  for (int i = 0; i < n; ++i)
    if (auto it = day_of_date.find(plan.instances[i].bizdate); it != day_of_date.end())
      where[i] = it->second;

  // The instance each propagated failure names as its cause (what the scheduler records:
  // "dependency X failed", "day D of group G failed (X failed)", or "day D of group G failed"
  // for one failed later, whose cause another failure of that day names).
  constexpr std::string_view kDep = "dependency ", kFailed = " failed", kOpen = " failed (",
                             kClose = " failed)";
  auto starts = [](std::string_view t, std::string_view p) { return t.substr(0, p.size()) == p; };
  auto ends = [](std::string_view t, std::string_view p) {
    return t.size() >= p.size() && t.substr(t.size() - p.size()) == p;
  };
  std::vector<int> parent(n, -1);
  std::unordered_map<std::string_view, int> day_cause;  // "day D of group G" -> cause
  std::vector<std::pair<int, std::string_view>> day_only;
  for (int i = 0; i < n; ++i) {
    const auto& s = d.states[i];
    if (s.status != Status::Failed) continue;
    ++fa.failed;
    if (s.kind != FailKind::Propagated) continue;
    ++fa.propagated;
    std::string_view r = s.reason;
    if (starts(r, kDep) && ends(r, kFailed) && r.size() > kDep.size() + kFailed.size()) {
      parent[i] = plan.find(r.substr(kDep.size(), r.size() - kDep.size() - kFailed.size()));
    } else if (starts(r, "day ")) {
      auto open = r.find(kOpen);
      if (open != std::string_view::npos && ends(r, kClose) &&
          r.size() >= open + kOpen.size() + kClose.size()) {
        parent[i] = plan.find(
            r.substr(open + kOpen.size(), r.size() - open - kOpen.size() - kClose.size()));
        if (parent[i] >= 0) day_cause.emplace(r.substr(0, open), parent[i]);
      } else if (ends(r, kFailed)) {
        day_only.emplace_back(i, r.substr(0, r.size() - kFailed.size()));
      }
    }
  }
  for (const auto& [i, key] : day_only)
    if (auto it = day_cause.find(key); it != day_cause.end()) parent[i] = it->second;

  // Root causes, following the chains once (memoized): -2 not yet known, -3 on the current path.
  std::vector<int> root(n, -2);
  for (int i = 0; i < n; ++i) {
    const auto& s = d.states[i];
    if (s.status != Status::Failed)
      root[i] = -1;
    else if (s.kind != FailKind::Propagated)
      root[i] = i;
  }
  std::vector<int> path;
  for (int i = 0; i < n; ++i) {
    if (root[i] != -2) continue;
    path.clear();
    int j = i;
    while (j >= 0 && root[j] == -2) {
      root[j] = -3;
      path.push_back(j);
      j = parent[j];
    }
    int r = j < 0 || root[j] == -3 ? -1 : root[j];
    for (int p : path) root[p] = r;
  }

  std::vector<int> slot(n, -1);
  for (int i = 0; i < n; ++i)
    if (root[i] == i) fa.roots.push_back(RootCause{i, where[i].first, where[i].second, 0, {}});
  std::sort(fa.roots.begin(), fa.roots.end(), [](const RootCause& a, const RootCause& b) {
    return std::tie(a.group, a.day, a.instance) < std::tie(b.group, b.day, b.instance);
  });
  for (std::size_t k = 0; k < fa.roots.size(); ++k) slot[fa.roots[k].instance] = int(k);
  std::vector<std::map<std::pair<int, int>, int>> by_day(fa.roots.size());
  std::map<std::pair<int, int>, std::pair<int, std::string_view>> unattributed;
  for (int i = 0; i < n; ++i) {
    if (d.states[i].status != Status::Failed || d.states[i].kind != FailKind::Propagated) continue;
    if (root[i] >= 0) {
      fa.cause_of[i] = root[i];
      int k = slot[root[i]];
      ++fa.roots[k].consequences;
      ++by_day[k][where[i]];
    } else {
      auto& u = unattributed.try_emplace(where[i], 0, d.states[i].reason).first->second;
      ++u.first;
    }
  }
  for (std::size_t k = 0; k < fa.roots.size(); ++k)
    for (const auto& [w, c] : by_day[k]) fa.roots[k].by_day.push_back({w.first, w.second, c});
  for (const auto& [w, u] : unattributed) {
    fa.unattributed.push_back({w.first, w.second, u.first});
    fa.unattributed_reason.emplace_back(u.second.empty() ? "no reason recorded" : u.second);
  }

  // Groups with a failed day: their first failed day, its cause, and what waits behind it.
  const int groups = int(plan.groups.size());
  std::vector<int> first_failed(groups, -1), cause(groups, -1);
  for (int i = 0; i < n; ++i) {
    auto [g, day] = where[i];
    if (g < 0 || d.states[i].status != Status::Failed) continue;
    if (first_failed[g] < 0 || day < first_failed[g]) first_failed[g] = day, cause[g] = -1;
    // On the first failed day, an instance that failed itself names the cause; else the
    // root cause of a consequence does.
    if (day == first_failed[g] && (cause[g] < 0 || (root[i] == i && root[cause[g]] != cause[g])))
      cause[g] = root[i] >= 0 ? i : cause[g];
  }
  std::vector<StoppedGroup> stopped(groups);
  std::vector<std::vector<char>> seen(groups);
  for (int g = 0; g < groups; ++g)
    if (first_failed[g] >= 0) seen[g].assign(plan.groups[g].dates.size(), 0);
  for (int i = 0; i < n; ++i) {
    auto [g, day] = where[i];
    if (g < 0 || first_failed[g] < 0 || d.states[i].status != Status::Waiting) continue;
    ++stopped[g].not_run;
    if (!seen[g][day]) seen[g][day] = 1, ++stopped[g].not_run_days;
  }
  for (int g = 0; g < groups; ++g) {
    if (first_failed[g] < 0) continue;
    stopped[g].group = g;
    stopped[g].day = first_failed[g];
    stopped[g].cause = cause[g] >= 0 ? root[cause[g]] : -1;
    fa.stopped.push_back(stopped[g]);
  }
  return fa;
}

}  // namespace bfc::runtime
