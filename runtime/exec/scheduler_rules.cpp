// The scheduler's rules: dependency counting, day barriers, failure propagation, readiness.
// Instances settle (succeed or fail) through a queue so long chains of dry runs do not
// recurse.
#include <fmt/format.h>

#include "runtime/exec/scheduler.h"
#include "runtime/plan/graph.h"

namespace bfc::runtime {

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::Succeeded:
      return "succeeded";
    case Outcome::Failed:
      return "failed";
    case Outcome::Stopped:
      return "stopped";
    case Outcome::Incomplete:
      return "incomplete";
  }
  return "?";
}

void Scheduler::set_status(int i, Status s) {
  --counts_[int(st_[i].status)];
  st_[i].status = s;
  ++counts_[int(s)];
}

void Scheduler::write(int i) {
  store_.set_instance(i, st_[i]);
  dirty_ = true;
}

bool Scheduler::barrier_open(int i) const {
  const auto& in = plan_.instances[i];
  return in.date_index <= cur_[in.group_index];
}

// Recomputes every derived structure from st_ (at start and after operator changes).
void Scheduler::rebuild() {
  const int n = int(plan_.instances.size());
  counts_.fill(0);
  for (const auto& s : st_) ++counts_[int(s.status)];
  unmet_.assign(n, 0);
  failed_deps_.assign(n, 0);
  ready_.clear();
  delayed_.clear();
  queue_.clear();
  members_.assign(plan_.groups.size(), {});
  remaining_.assign(plan_.groups.size(), {});
  day_failed_.assign(plan_.groups.size(), {});
  cur_.assign(plan_.groups.size(), 0);
  for (std::size_t g = 0; g < plan_.groups.size(); ++g) {
    members_[g].resize(plan_.groups[g].dates.size());
    remaining_[g].assign(plan_.groups[g].dates.size(), 0);
    day_failed_[g].assign(plan_.groups[g].dates.size(), 0);
  }
  for (int i = 0; i < n; ++i) {
    const auto& in = plan_.instances[i];
    members_[in.group_index][in.date_index].push_back(i);
    if (!is_success(st_[i].status)) ++remaining_[in.group_index][in.date_index];
    for (int d : in.dep_index) {
      if (!is_success(st_[d].status)) ++unmet_[i];
      if (st_[d].status == Status::Failed) ++failed_deps_[i];
    }
  }
  for (std::size_t g = 0; g < plan_.groups.size(); ++g) {
    auto& cur = cur_[g];
    while (cur < int(remaining_[g].size()) && remaining_[g][cur] == 0) ++cur;
    if (cur == int(remaining_[g].size())) continue;
    for (int m : members_[g][cur])
      if (st_[m].status == Status::Failed) {
        fail_day(int(g), cur, m);
        break;
      }
    for (int m : members_[g][cur]) consider(m);
  }
  drain();
}

// Decides what a waiting instance whose inputs may have changed does next.
void Scheduler::consider(int i) {
  if (st_[i].status != Status::Waiting || !barrier_open(i) || live_[i]) return;
  const auto& in = plan_.instances[i];
  if (failed_deps_[i] > 0) {
    for (int d : in.dep_index)
      if (st_[d].status == Status::Failed) {
        fail(i, FailKind::Propagated, fmt::format("dependency {} failed", plan_.instances[d].id));
        return;
      }
  }
  if (day_failed_[in.group_index][in.date_index]) {
    fail(i, FailKind::Propagated, fmt::format("day {} of group {} failed", in.bizdate, in.group));
    return;
  }
  if (unmet_[i] > 0) return;
  if (in.dry_run) {
    succeed(i, Status::DryRun);
    return;
  }
  if (!in.not_before.empty() && wait_for_not_before(i)) return;
  if (st_[i].retry_at_ms > 0) {
    double wait = double(st_[i].retry_at_ms - clock_.wall_ms()) / 1000.0;
    if (wait > 0) {
      delayed_.emplace(clock_.now() + wait, i);
      return;
    }
  }
  ready_.emplace(-in.priority, i);
}

// A future-dated instance (run_future) waits, like a retry, until its not_before (local
// time) has passed; each distinct time is announced once.
bool Scheduler::wait_for_not_before(int i) {
  const std::string& at_text = plan_.instances[i].not_before;
  std::int64_t at = clock_.local_wall_ms(at_text);
  double wait = double(at - clock_.wall_ms()) / 1000.0;
  if (wait <= 0) return false;
  if (future_reported_.insert(at_text).second)
    reporter_.event(fmt::format("waiting until {} for future-dated instances (run_future)",
                                clock_.local_text(at)));
  delayed_.emplace(clock_.now() + wait, i);
  return true;
}

void Scheduler::succeed(int i, Status s) {
  set_status(i, s);
  st_[i].kind = FailKind::None;
  st_[i].reason.clear();
  st_[i].retry_at_ms = 0;
  write(i);
  queue_.push_back(i);
}

void Scheduler::fail(int i, FailKind kind, const std::string& reason) {
  set_status(i, Status::Failed);
  st_[i].kind = kind;
  st_[i].reason = reason;
  st_[i].retry_at_ms = 0;
  write(i);
  queue_.push_back(i);
}

// A failure on date `date` of `group` fails the rest of that day; the group stops there.
void Scheduler::fail_day(int group, int date, int cause) {
  if (day_failed_[group][date]) return;
  day_failed_[group][date] = 1;
  const auto& day = plan_.groups[group].dates[date];
  std::string reason = fmt::format("day {} of group {} failed ({} failed)", day,
                                   plan_.groups[group].id, plan_.instances[cause].id);
  reporter_.event(
      fmt::format("day {} of group {} failed: its remaining instances fail and the group stops",
                  day, plan_.groups[group].id));
  for (int m : members_[group][date]) {
    if (m == cause) continue;
    if (live_[m]) {
      kill_attempt(m, "killed", false);
      fail(m, FailKind::Propagated, reason);
    } else if (st_[m].status == Status::Waiting) {
      fail(m, FailKind::Propagated, reason);
    }
  }
}

// Opens the next dates of a group whose current date fully succeeded.
void Scheduler::advance(int group) {
  auto& cur = cur_[group];
  const int dates = int(remaining_[group].size());
  if (cur >= dates || remaining_[group][cur] != 0) return;
  while (cur < dates && remaining_[group][cur] == 0) ++cur;
  if (cur < dates)
    for (int m : members_[group][cur]) consider(m);
}

// Propagates settled instances to their dependents and their day.
void Scheduler::drain() {
  while (!queue_.empty()) {
    int i = queue_.back();
    queue_.pop_back();
    const auto& in = plan_.instances[i];
    if (is_success(st_[i].status)) {
      for (int d : down_[i]) {
        --unmet_[d];
        consider(d);
      }
      --remaining_[in.group_index][in.date_index];
      if (in.date_index == cur_[in.group_index]) advance(in.group_index);
    } else if (st_[i].status == Status::Failed) {
      for (int d : down_[i]) {
        ++failed_deps_[d];
        consider(d);
      }
      if (in.date_index == cur_[in.group_index]) fail_day(in.group_index, in.date_index, i);
    }
  }
}

}  // namespace bfc::runtime
