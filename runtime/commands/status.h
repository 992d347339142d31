// `bfc status`: the task x date grid, counts per status, failures with their last log lines.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "runtime/plan/plan.h"
#include "runtime/state/runner_lock.h"
#include "runtime/state/state_db.h"

namespace bfc::runtime {

// Everything a status report shows, gathered once.
struct StatusData {
  const Plan* plan = nullptr;
  std::string state_path;
  bool has_state = false;             // false: nothing has run yet
  std::vector<InstanceState> states;  // plan order
  // The latest attempt of each instance that has one, by position (most instances of a large
  // plan have none: a row per instance would be most of the memory).
  std::unordered_map<int, AttemptRow> last_attempt;
  std::optional<LockHolder> runner;    // the active runner, if any
  std::vector<AuditRow> recent_audit;  // last few audit entries

  // The latest attempt of instance `i`, or null when it has none.
  const AttemptRow* attempt_of(int i) const {
    auto it = last_attempt.find(i);
    return it == last_attempt.end() ? nullptr : &it->second;
  }
};

// Failures sorted by cause (analyze_failures). A failure that only followed from another
// (fail_kind propagated: the rest of a failed day, a dependency failed) is attributed to its
// root cause, an instance that failed itself (attempt or interrupted), by following the
// instance its reason names ("dependency X failed", "day D of group G failed (X failed)").
// Days are positions of an instance's bizdate in its group's dates.
struct DayCount {
  int group = -1;  // index into Plan::groups; -1 when the plan's groups are unknown
  int day = 0;     // position of the date in the group's dates (sorted dates when unknown)
  int count = 0;
};
struct RootCause {
  int instance = 0;              // failed with fail_kind attempt or interrupted
  int group = -1, day = 0;       // its own day
  int consequences = 0;          // propagated failures that follow from it
  std::vector<DayCount> by_day;  // those per day, in run order
};
// A group with a failed day: its later days do not start until the failure is fixed.
struct StoppedGroup {
  int group = -1, day = 0;  // the first failed day
  int cause = -1;           // the root cause of that day's failure (-1: not recorded)
  int not_run = 0;          // waiting instances of the group
  int not_run_days = 0;     // the days they belong to
};
struct FailureAnalysis {
  int failed = 0;                      // all failed instances
  int propagated = 0;                  // of which fail_kind propagated
  std::vector<int> cause_of;           // per instance: its root cause, or -1
  std::vector<RootCause> roots;        // in run order (group, day, plan order)
  std::vector<DayCount> unattributed;  // propagated failures whose cause the state does not name
  std::vector<std::string> unattributed_reason;     // one reason text per unattributed entry
  std::vector<StoppedGroup> stopped;                // in group order
  std::vector<std::string> days_of_unknown_groups;  // sorted dates, when the groups are unknown
};

// Sorts the failures of `data` by cause; linear in the number of instances (plus sorting the
// root causes).
FailureAnalysis analyze_failures(const StatusData& data);

// Reads the state at `state_path` (if it exists) for `plan`, without modifying anything.
// Throws StateError when the state belongs to another plan.
StatusData gather_status(const Plan& plan, const std::string& state_path, int tail_lines);

// Human report: header, counts, grid, the root causes of failures with the last `tail_lines`
// lines of their logs (the first `max_roots`; all when max_roots < 0) and what followed from
// them, counted per day, and the groups that stopped.
std::string render_status_text(const StatusData& data, int tail_lines, int max_roots = 10);

// The same as JSON (stable keys, for scripts).
nlohmann::json render_status_json(const StatusData& data, int tail_lines);

// `bfc status`: reads the plan (or its outline) and the state, prints the report as text or
// JSON on stdout; returns the exit code. `all`: every root cause in full. An empty `state_path`
// means the default beside the plan.
int status_command(const std::string& plan_path, const std::string& state_path,
                   const std::string& format, int tail, bool all = false);

}  // namespace bfc::runtime
