// The scheduler's main loop and its handling of processes: starting attempts under the
// max_running / throttle / window limits, exits, retries, timeouts and stopping.
#include "runtime/exec/scheduler.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include "runtime/exec/window.h"
#include "runtime/plan/graph.h"

namespace bfc::runtime {
namespace {

std::string describe_exit(const ProcessExit& e) {
  return e.signal ? fmt::format("killed by signal {}", e.signal)
                  : fmt::format("exit code {}", e.exit_code);
}

}  // namespace

std::string new_run_id(std::int64_t wall_ms) {
  return fmt::format("{}.{}", wall_ms, ::getpid());
}

Scheduler::Scheduler(const Plan& plan, SchedulerOptions options, Clock& clock,
                     ProcessLauncher& launcher, StateStore& store, Reporter& reporter)
    : plan_(plan),
      opt_(std::move(options)),
      clock_(clock),
      launcher_(launcher),
      store_(store),
      reporter_(reporter),
      run_id_(opt_.run_id.empty() ? new_run_id(clock_.wall_ms()) : opt_.run_id),
      lanes_(opt_.log_dir, run_id_) {
  down_ = dependents_of(plan_);
  live_.assign(plan_.instances.size(), 0);
  if (opt_.max_running < 1) opt_.max_running = 1;
}

std::int64_t Scheduler::end_log(const Running& r) {
  return r.lane < 0 ? -1 : lanes_.release(r.lane) - r.log_offset;
}

RunSummary Scheduler::run() {
  started_at_ = clock_.now();
  last_commit_ = started_at_;
  next_poll_ = started_at_ + opt_.poll_s;
  st_ = store_.load();
  rebuild();
  for (;;) {
    // Starting can settle instances (spawn errors), settling can make others ready.
    // start_ready() spawns, then records the attempts; every record (starts, pids, ends) is
    // committed in batches by commit_writes(), at most commit_interval_s apart, so a busy
    // run costs one transaction per batch, not per attempt.
    while (!stopping_) {
      start_ready();
      if (queue_.empty()) break;
      drain();
    }
    reporter_.progress(counts_, int(st_.size()), clock_.now() - started_at_);
    if (running_.empty() && (stopping_ || (ready_.empty() && delayed_.empty()))) break;
    commit_writes(false);
    double timeout = std::max(0.0, next_wake() - clock_.now());
    double before_wait = clock_.now();
    WaitResult w = launcher_.wait(timeout);
    waiting_s_ += clock_.now() - before_wait;
    for (const auto& s : w.started) handle_started(s);
    if (w.stop_signal) begin_stop(w.stop_signal);
    for (const auto& e : w.exits) handle_exit(e);
    promote_delayed();
    check_deadlines();
    drain();
    if (clock_.now() >= next_poll_) poll_operator();
  }
  commit_writes(true);

  RunSummary summary;
  summary.counts = counts_;
  summary.stop_signal = stop_signal_;
  summary.attempts_started = attempts_started_;
  summary.busy_s = clock_.now() - started_at_ - waiting_s_;
  int done = counts_[int(Status::Succeeded)] + counts_[int(Status::DryRun)];
  if (stopping_)
    summary.outcome = Outcome::Stopped;
  else if (done == int(st_.size()))
    summary.outcome = Outcome::Succeeded;
  else if (counts_[int(Status::Failed)] > 0)
    summary.outcome = Outcome::Failed;
  else
    summary.outcome = Outcome::Incomplete;
  return summary;
}

void Scheduler::commit_writes(bool now) {
  if (!dirty_ || (!now && clock_.now() < last_commit_ + opt_.commit_interval_s)) return;
  store_.commit();
  dirty_ = false;
  last_commit_ = clock_.now();
}

double Scheduler::next_wake() const {
  double wake = next_poll_;
  if (dirty_) wake = std::min(wake, last_commit_ + opt_.commit_interval_s);
  if (!ready_.empty() && int(running_.size()) < opt_.max_running && !stopping_) {
    double at = clock_.now();
    if (opt_.window) {
      auto wall = clock_.wall_ms();
      at += seconds_until_open(*opt_.window, clock_.local_second_of_day(wall));
    }
    if (opt_.throttle_s > 0) at = std::max(at, last_start_ + opt_.throttle_s);
    wake = std::min(wake, at);
  }
  if (!delayed_.empty()) wake = std::min(wake, delayed_.begin()->first);
  for (const auto& [i, r] : running_) {
    if (r.pid) wake = std::min(wake, r.term_sent ? r.kill_at : r.deadline);
    // The launcher hands over starts when we wait anyway; one we must signal is fetched soon.
    else
      wake = std::min(wake, r.term_sent ? clock_.now() + 0.01 : r.deadline);
  }
  return wake;
}

void Scheduler::start_ready() {
  std::vector<AttemptStart> starting;
  std::vector<LogLanes::Lease> leases;
  while (!ready_.empty() && int(running_.size() + starting.size()) < opt_.max_running) {
    double now = clock_.now();
    if (opt_.window) {
      auto wall = clock_.wall_ms();
      int wait = seconds_until_open(*opt_.window, clock_.local_second_of_day(wall));
      if (wait > 0) {
        if (!window_wait_reported_)
          reporter_.event(fmt::format("outside the window {}; waiting until {}", opt_.window->text,
                                      clock_.local_text(wall + std::int64_t(wait) * 1000)));
        window_wait_reported_ = true;
        break;
      }
      window_wait_reported_ = false;
    }
    if (opt_.throttle_s > 0 && now < last_start_ + opt_.throttle_s) break;
    int i = ready_.begin()->second;
    ready_.erase(ready_.begin());
    if (st_[i].status != Status::Waiting || live_[i]) continue;  // failed since it became ready
    last_start_ = now;
    auto& s = st_[i];
    LogLanes::Lease lease;
    std::string error;
    const bool have_log = lanes_.acquire(lease, error);
    s.attempts += 1;
    std::string token = fmt::format("{}/{}/{}", run_id_, i, s.attempts);
    if (!have_log) {  // no place for its output: the attempt fails
      store_.attempt_started(
          AttemptStart{i, s.attempts, std::move(token), clock_.wall_ms(), "", 0});
      store_.attempt_finished(
          AttemptEnd{i, s.attempts, clock_.wall_ms(), -1, 0, "spawn_error", -1});
      dirty_ = true;
      attempt_failed(i, "could not start: " + error);
      continue;
    }
    set_status(i, Status::Running);
    s.retry_at_ms = 0;
    s.reason.clear();
    starting.push_back(
        AttemptStart{i, s.attempts, std::move(token), clock_.wall_ms(), lease.path, lease.offset});
    leases.push_back(lease);
  }
  if (starting.empty()) return;
  // Spawn first, then record; the records are committed with the next batch (at most
  // commit_interval_s later). Should the runner die before that, recovery finds the
  // unrecorded processes by the run id in their BF_ATTEMPT_ID (recorded before the run
  // started anything), kills them, and the instances run again: at least once, never two
  // attempts at the same time, never after a recorded success.
  for (std::size_t k = 0; k < starting.size(); ++k)
    launch(starting[k].instance, starting[k].token, leases[k]);
  for (const auto& a : starting) {
    write(a.instance);
    store_.attempt_started(a);
  }
}

void Scheduler::launch(int i, const std::string& token, const LogLanes::Lease& log) {
  const auto& in = plan_.instances[i];
  const int attempt = st_[i].attempts;
  LaunchSpec spec;
  spec.command = in.command;
  spec.log_fd = log.fd;
  spec.env.reserve(12);
  auto set = [&spec](std::string_view name, std::string_view value) {
    std::string e;
    e.reserve(name.size() + value.size());
    e += name;
    e += value;
    spec.env.push_back(std::move(e));
  };
  set("BF_TASK=", in.task);
  set("BF_INSTANCE=", in.id);
  set("BF_BIZDATE=", in.bizdate);
  set("BF_INTERVAL_START=", in.interval_start);
  set("BF_INTERVAL_END=", in.interval_end);
  set("BF_CYCTIME=", in.cyctime);
  set("BF_ATTEMPT=", std::to_string(attempt));
  set("BF_BACKFILL=", plan_.backfill);
  set("BF_WORKSPACE=", in.workspace);
  set("BF_PRIORITY=", std::to_string(in.priority));
  // No BF_LOG: the output goes to a segment shared with later attempts, which a command
  // that reopened it for writing (`> "$BF_LOG"`) would truncate (docs/runtime.md "Logs").
  set("BF_ATTEMPT_ID=", token);
  // The launcher reports the process (or why there is none) through wait(); until then the
  // attempt is live without a pid, and counts against max_running.
  Running r;
  r.instance = i;
  r.attempt = attempt;
  r.started = clock_.now();
  r.lane = log.lane;
  r.log_offset = log.offset;
  if (in.timeout_s) r.deadline = r.started + *in.timeout_s;
  running_[i] = r;
  live_[i] = 1;
  ++attempts_started_;
  launcher_.start(std::move(spec), (std::uint64_t(i) << 32) | std::uint32_t(attempt));
}

void Scheduler::handle_started(const Started& s) {
  const int i = int(s.tag >> 32), attempt = int(s.tag & 0xffffffffu);
  auto it = running_.find(i);
  if (it == running_.end() || it->second.attempt != attempt || it->second.pid != 0) return;
  Running& r = it->second;
  const Launched& l = s.launched;
  if (!l.ok) {
    const bool settled = !r.end_outcome.empty();  // killed or interrupted meanwhile: recorded
    std::int64_t length = end_log(r);
    running_.erase(it);
    live_[i] = 0;
    store_.attempt_finished(AttemptEnd{i, attempt, clock_.wall_ms(), -1, 0, "spawn_error", length});
    dirty_ = true;
    if (!settled) attempt_failed(i, "could not start: " + l.error);
    return;
  }
  r.pid = l.pid;
  r.pgid = l.pgid;
  by_pid_[l.pid] = i;
  store_.attempt_spawned(AttemptSpawned{i, attempt, l.pid, l.pgid, l.start_token});
  dirty_ = true;
  // Kills asked for while it was starting.
  if (r.kill_sent) {
    launcher_.signal_group(r.pgid, SIGKILL);
  } else if (r.term_sent) {
    launcher_.signal_group(r.pgid, SIGTERM);
    r.kill_at = clock_.now() + opt_.kill_grace_s;
  }
}

void Scheduler::handle_exit(const ProcessExit& e) {
  auto p = by_pid_.find(e.pid);
  if (p == by_pid_.end()) return;
  auto it = running_.find(p->second);
  by_pid_.erase(p);
  if (it == running_.end()) return;
  Running r = it->second;
  running_.erase(it);
  live_[r.instance] = 0;
  // The attempt is over when its leader exits; anything it left in its group goes too, so
  // a later attempt can never overlap with leftovers of this one.
  launcher_.signal_group(r.pgid, SIGKILL);
  std::string outcome = !r.end_outcome.empty()                ? r.end_outcome
                        : (e.signal == 0 && e.exit_code == 0) ? "succeeded"
                                                              : "failed";
  // The group is gone (or going): the output written so far is the attempt's log, in the
  // segment before its outcome is recorded.
  store_.attempt_finished(AttemptEnd{r.instance, r.attempt, clock_.wall_ms(),
                                     e.signal ? -1 : e.exit_code, e.signal, outcome, end_log(r)});
  dirty_ = true;
  const auto& in = plan_.instances[r.instance];
  if (outcome == "killed" || outcome == "interrupted") return;  // status already recorded
  if (outcome == "succeeded") {
    succeed(r.instance, Status::Succeeded);
    return;
  }
  std::string what =
      outcome == "timeout"
          ? fmt::format("attempt {} timed out after {}s", r.attempt, in.timeout_s.value_or(0))
          : fmt::format("attempt {} failed ({})", r.attempt, describe_exit(e));
  attempt_failed(r.instance, what);
}

// Retries when the budget allows, otherwise fails the instance for good.
void Scheduler::attempt_failed(int i, const std::string& what) {
  const auto& in = plan_.instances[i];
  auto& s = st_[i];
  ++s.failures;
  if (s.failures <= in.retries) {
    set_status(i, Status::Waiting);
    s.retry_at_ms =
        in.retry_delay_s > 0 ? clock_.wall_ms() + std::int64_t(in.retry_delay_s) * 1000 : 0;
    s.reason = fmt::format("{}; retry {} of {}", what, s.failures, in.retries);
    write(i);
    reporter_.event(fmt::format(
        "{}: {}{}", in.id, s.reason,
        in.retry_delay_s > 0 ? fmt::format(" in {}s", in.retry_delay_s) : std::string()));
    if (!stopping_) consider(i);
    return;
  }
  std::string reason = in.retries > 0 ? fmt::format("{} (no retries left)", what) : what;
  reporter_.event(fmt::format("{} failed: {}; see `bfc logs`", in.id, reason));
  fail(i, FailKind::Attempt, reason);
}

// A starting attempt (no pid yet) gets its signal once it runs (handle_started).
void Scheduler::kill_attempt(int i, const std::string& outcome, bool now) {
  auto it = running_.find(i);
  if (it == running_.end()) return;
  auto& r = it->second;
  if (r.end_outcome.empty() || outcome == "interrupted") r.end_outcome = outcome;
  if (now) {
    if (r.pid) launcher_.signal_group(r.pgid, SIGKILL);
    r.term_sent = r.kill_sent = true;
    return;
  }
  if (!r.term_sent) {
    if (r.pid) launcher_.signal_group(r.pgid, SIGTERM);
    r.term_sent = true;
    r.kill_at = clock_.now() + opt_.kill_grace_s;
  }
}

void Scheduler::check_deadlines() {
  double now = clock_.now();
  for (auto& [i, r] : running_) {
    if (!r.pid) continue;  // starting: checked once it runs
    if (!r.term_sent && now >= r.deadline) {
      reporter_.event(
          fmt::format("{}: attempt {} exceeded its timeout of {}s; killing its process group",
                      plan_.instances[r.instance].id, r.attempt,
                      plan_.instances[r.instance].timeout_s.value_or(0)));
      kill_attempt(i, "timeout", false);
    } else if (r.term_sent && !r.kill_sent && now >= r.kill_at) {
      launcher_.signal_group(r.pgid, SIGKILL);
      r.kill_sent = true;
    }
  }
}

void Scheduler::begin_stop(int sig) {
  if (stopping_) {
    reporter_.event("second stop signal: killing every running attempt now");
    for (auto& [i, r] : running_) kill_attempt(i, "interrupted", true);
    return;
  }
  stopping_ = true;
  stop_signal_ = sig;
  ready_.clear();
  delayed_.clear();
  reporter_.event(fmt::format("stopping ({}): killing {} running attempt(s); nothing new starts",
                              strsignal(sig), running_.size()));
  dirty_ = true;
  store_.audit("stop", fmt::format(R"({{"signal":"{}","running":{}}})",
                                   sigabbrev_np(sig) ? sigabbrev_np(sig) : "?", running_.size()));
  for (auto& [i, r] : running_) {
    kill_attempt(i, "interrupted", false);
    if (st_[i].status == Status::Running) {
      set_status(i, Status::Failed);
      st_[i].kind = FailKind::Interrupted;
      st_[i].reason = fmt::format("stopped by SIG{} while attempt {} ran",
                                  sigabbrev_np(sig) ? sigabbrev_np(sig) : "?", r.attempt);
      write(i);
    }
  }
}

void Scheduler::promote_delayed() {
  double now = clock_.now();
  while (!delayed_.empty() && delayed_.begin()->first <= now) {
    int i = delayed_.begin()->second;
    delayed_.erase(delayed_.begin());
    st_[i].retry_at_ms = 0;
    consider(i);
  }
}

void Scheduler::poll_operator() {
  next_poll_ = clock_.now() + opt_.poll_s;
  commit_writes(true);  // requests are applied outside any open batch
  std::vector<int> live;
  for (const auto& [i, r] : running_) live.push_back(i);
  std::vector<std::string> applied;
  bool changed = store_.apply_operator_requests(live, applied);
  // Every applied request is reported, also one that was rejected or changed nothing.
  for (const auto& line : applied) reporter_.event(line);
  if (!changed) return;
  st_ = store_.load();
  rebuild();
}

}  // namespace bfc::runtime
