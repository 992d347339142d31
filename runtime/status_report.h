// `bfc status`: the task x date grid, counts per status, failures with their last log lines.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "plan.h"
#include "runner_lock.h"
#include "state_db.h"

namespace bfc::runtime {

// Everything a status report shows, gathered once.
struct StatusData {
  const Plan* plan = nullptr;
  std::string state_path;
  bool has_state = false;                 // false: nothing has run yet
  std::vector<InstanceState> states;      // plan order
  std::vector<AttemptRow> last_attempt;   // plan order; attempt == 0 when none
  std::optional<LockHolder> runner;       // the active runner, if any
  std::vector<AuditRow> recent_audit;     // last few audit entries
};

// What `bfc status` needs of the plan at `plan_path` (path, hash, backfill name and each
// instance's id, task and bizdate), taken from the state at `state_path` when that state was
// made from exactly this file (same SHA-256): the file was validated when the state was
// made, and reading the state is much cheaper than parsing a large plan. nullopt when there
// is no such state (the caller then loads the plan itself).
std::optional<Plan> plan_from_state(const std::string& plan_path, const std::string& state_path);

// Reads the state at `state_path` (if it exists) for `plan`, without modifying anything.
// Throws StateError when the state belongs to another plan.
StatusData gather_status(const Plan& plan, const std::string& state_path, int tail_lines);

// Human report: header, counts, grid, failures with the last `tail_lines` lines of their logs.
std::string render_status_text(const StatusData& data, int tail_lines);

// The same as JSON (stable keys, for scripts).
nlohmann::json render_status_json(const StatusData& data, int tail_lines);

// The last `n` lines of a file ("" if unreadable).
std::string tail_file(const std::string& path, int n);

}  // namespace bfc::runtime
