// The scheduler: decides which instances start when, runs them through a ProcessLauncher and
// records everything in a StateStore. All side effects go through Clock, ProcessLauncher,
// StateStore and Reporter, so its rules are tested deterministically with fakes.
#pragma once

#include <array>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/exec/log_lanes.h"
#include "runtime/exec/process.h"
#include "runtime/plan/plan.h"
#include "runtime/state/state.h"
#include "runtime/sys/clock.h"

namespace bfc::runtime {

// Knobs for one run (the plan's settings after command-line overrides).
struct SchedulerOptions {
  int max_running = 1;               // attempts running at once
  std::int64_t throttle_s = 0;       // minimum seconds between two starts
  std::optional<PlanWindow> window;  // starts only inside it
  double kill_grace_s = 10;          // SIGTERM, then SIGKILL this much later
  double poll_s = 0.5;               // how often to look for operator requests
  std::string log_dir;               // one log file per attempt goes here
  std::string run_id;                // prefix of every BF_ATTEMPT_ID; "" makes one up
  // Writes are committed at most this often (and at least this soon after they are made):
  // one transaction per batch of attempts, not per attempt. 0 commits on every round.
  double commit_interval_s = 0.05;
};

// A run id unique on this machine: the start time (Unix ms) and the runner's pid.
std::string new_run_id(std::int64_t wall_ms);

// How a run ended.
enum class Outcome {
  Succeeded,   // every instance succeeded (or was a dry run)
  Failed,      // some instance failed
  Stopped,     // SIGINT/SIGTERM stopped the run
  Incomplete,  // nothing failed, but frozen instances (or what waits on them) remain
};

// "succeeded", "failed", "stopped", "incomplete".
const char* outcome_name(Outcome o);

// The result of Scheduler::run().
struct RunSummary {
  Outcome outcome = Outcome::Succeeded;
  StatusCounts counts{};
  int stop_signal = 0;       // the signal that stopped the run, if any
  int attempts_started = 0;  // in this run
  double busy_s = 0;         // time spent outside waiting (scheduling, spawning, recording)
};

// Receives progress and notable events (implemented by the terminal/plain-text reporter).
class Reporter {
 public:
  virtual ~Reporter() = default;
  // Something a person watching should read (failures, retries, window waits).
  virtual void event(const std::string& line) = 0;
  // Called after every scheduler step; implementations rate-limit their output.
  virtual void progress(const StatusCounts& counts, int total, double elapsed_s) = 0;
};

// Executes one plan. Not reusable: construct, run() once.
class Scheduler {
 public:
  // Keeps references to everything but `options`; nothing starts before run().
  Scheduler(const Plan& plan, SchedulerOptions options, Clock& clock, ProcessLauncher& launcher,
            StateStore& store, Reporter& reporter);

  // Runs until nothing more can start and nothing runs, or until stopped by a signal.
  RunSummary run();

 private:
  // One live attempt: starting (pid 0: the runner is still spawning it) or running.
  struct Running {
    int instance = 0;
    int attempt = 0;
    int pid = 0;
    int pgid = 0;
    double started = 0;
    double deadline = std::numeric_limits<double>::infinity();  // timeout
    double kill_at = std::numeric_limits<double>::infinity();   // SIGKILL after SIGTERM
    bool term_sent = false;  // (for a starting attempt: to be sent once it runs)
    bool kill_sent = false;
    std::string end_outcome;  // set when we are killing it: timeout, killed, interrupted
    int lane = -1;            // its log lane (LogLanes), released when it ends
    std::int64_t log_offset = 0;
  };

  // Graph and rule bookkeeping (scheduler_rules.cpp).
  void rebuild();
  void consider(int i);
  void drain();
  void succeed(int i, Status s);
  void fail(int i, FailKind kind, const std::string& reason);
  void fail_day(int group, int date, int cause);
  void advance(int group);
  void set_status(int i, Status s);
  void write(int i);
  bool barrier_open(int i) const;
  // Delays instance i until its not_before; false when that time has passed.
  bool wait_for_not_before(int i);

  // Process handling (scheduler.cpp).
  void start_ready();
  void launch(int i, const std::string& token, const LogLanes::Lease& log);
  // Releases the attempt's log lane: the length of its output.
  std::int64_t end_log(const Running& r);
  void handle_started(const Started& s);
  void handle_exit(const ProcessExit& e);
  void attempt_failed(int i, const std::string& what);
  void kill_attempt(int i, const std::string& outcome, bool now);
  void check_deadlines();
  void begin_stop(int sig);
  void promote_delayed();
  void poll_operator();
  double next_wake() const;
  // Commits the writes since the last commit when the interval is over (or `now`).
  void commit_writes(bool now);

  const Plan& plan_;
  SchedulerOptions opt_;
  Clock& clock_;
  ProcessLauncher& launcher_;
  StateStore& store_;
  Reporter& reporter_;

  std::vector<InstanceState> st_;
  std::vector<std::vector<int>> down_;
  std::vector<int> unmet_;                              // deps not yet successful
  std::vector<int> failed_deps_;                        // deps failed
  std::vector<std::vector<std::vector<int>>> members_;  // [group][date] -> instances
  std::vector<std::vector<int>> remaining_;             // [group][date] -> not yet successful
  std::vector<std::vector<char>> day_failed_;           // [group][date]
  std::vector<int> cur_;                                // [group] first date not all successful
  std::set<std::pair<int, int>> ready_;                 // (-priority, plan position)
  std::multimap<double, int> delayed_;                  // retry time -> instance
  std::vector<int> queue_;                              // settled instances to propagate
  std::unordered_map<int, Running> running_;            // instance -> live attempt
  std::unordered_map<int, int> by_pid_;                 // pid of a running attempt -> instance
  std::vector<char> live_;                              // [instance] has a live attempt
  StatusCounts counts_{};
  double last_start_ = -std::numeric_limits<double>::infinity();
  double next_poll_ = 0;
  double started_at_ = 0;
  bool stopping_ = false;
  int stop_signal_ = 0;
  bool window_wait_reported_ = false;
  std::set<std::string> future_reported_;  // not_before times already announced
  int attempts_started_ = 0;
  double waiting_s_ = 0;
  bool dirty_ = false;  // writes since the last commit
  double last_commit_ = 0;
  std::string run_id_;  // makes attempt tokens unique across runs
  LogLanes lanes_;      // where attempts' output goes
};

}  // namespace bfc::runtime
