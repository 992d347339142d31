// `bfc status`: the task x date grid, counts per status, failures with their last log lines.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "runtime/plan/plan.h"
#include "runtime/state/runner_lock.h"
#include "runtime/state/state_db.h"

namespace bfc::runtime {

// Everything a status report shows, gathered once.
struct StatusData {
  const Plan* plan = nullptr;
  std::string state_path;
  bool has_state = false;                // false: nothing has run yet
  std::vector<InstanceState> states;     // plan order
  std::vector<AttemptRow> last_attempt;  // plan order; attempt == 0 when none
  std::optional<LockHolder> runner;      // the active runner, if any
  std::vector<AuditRow> recent_audit;    // last few audit entries
};

// Reads the state at `state_path` (if it exists) for `plan`, without modifying anything.
// Throws StateError when the state belongs to another plan.
StatusData gather_status(const Plan& plan, const std::string& state_path, int tail_lines);

// Human report: header, counts, grid, failures with the last `tail_lines` lines of their logs.
std::string render_status_text(const StatusData& data, int tail_lines);

// The same as JSON (stable keys, for scripts).
nlohmann::json render_status_json(const StatusData& data, int tail_lines);

// The last `n` lines of a file ("" if unreadable).
std::string tail_file(const std::string& path, int n);

// `bfc status`: reads the plan (or its outline) and the state, prints the report as text or
// JSON on stdout; returns the exit code. An empty `state_path` means the default beside the
// plan.
int status_command(const std::string& plan_path, const std::string& state_path,
                   const std::string& format, int tail);

}  // namespace bfc::runtime
