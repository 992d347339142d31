// `bfc run`: load and validate the plan, lock and recover the state, schedule, alert.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include "runtime/plan/load.h"

namespace bfc::runtime {

// Exit codes of the runtime commands: done, failed (or rejected), usage or I/O problem.
constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

// Options of `bfc run`.
struct RunOptions {
  std::string plan_path;
  std::string state_path;           // default: PLAN.state.db
  std::string log_dir;              // default: PLAN.logs
  std::optional<int> max_running;   // overrides the plan
  bool fresh = false;               // discard a state that belongs to another plan
  bool amend = false;               // carry a state of another plan version over (docs/amend.md)
  bool stats = false;               // print state-write, spawn and CPU timing at the end
  std::optional<bool> live;         // live progress line; default: stderr is a terminal
  double progress_interval_s = 10;  // plain progress lines this often
  double kill_grace_s = 10;         // SIGTERM -> SIGKILL delay
};

// Default state path for a plan: "PLAN.state.db".
std::string default_state_path(const std::string& plan_path);
// Default log directory for a plan: "PLAN.logs".
std::string default_log_dir(const std::string& plan_path);

// Runs a plan; messages go to `err`. Returns an exit code (kExit*).
int run_backfill(const RunOptions& options, std::FILE* err);

// Loads and validates `plan_path`, printing problems to `err`; exit code through `code`.
std::optional<Plan> load_plan_or_report(const std::string& plan_path, std::FILE* err, int& code);

// The plan's outline from the state when `outline_ok` and the state was made from this very
// file (cheap on large plans), otherwise the parsed plan (errors reported on stderr, `code`
// set).
std::optional<Plan> outline_or_plan(const std::string& plan_path, const std::string& state_path,
                                    bool outline_ok, int& code);

}  // namespace bfc::runtime
