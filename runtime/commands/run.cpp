// The `bfc run` sequence. Order matters: lock before touching the state, recover (kill what
// a dead runner left) before binding a new plan, and record the run id before anything
// starts (recovery finds the attempts a dead runner had not recorded yet by it).
#include "runtime/commands/run.h"

#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "runtime/exec/alert.h"
#include "runtime/exec/process_posix.h"
#include "runtime/exec/progress.h"
#include "runtime/exec/scheduler.h"
#include "runtime/plan/cache.h"
#include "runtime/plan/load.h"
#include "runtime/state/outline.h"
#include "runtime/state/recovery.h"
#include "runtime/state/runner_lock.h"
#include "runtime/state/state_db.h"
#include "runtime/sys/proc_util.h"

namespace bfc::runtime {

std::string default_state_path(const std::string& plan_path) {
  return plan_path + ".state.db";
}
std::string default_log_dir(const std::string& plan_path) {
  return plan_path + ".logs";
}

std::optional<Plan> load_plan_or_report(const std::string& plan_path, std::FILE* err, int& code) {
  PlanError error;
  auto plan = load_plan(plan_path, error);
  if (plan) return plan;
  for (const auto& m : error.messages)
    std::fprintf(err, "%s: error: %s\n", plan_path.c_str(), m.c_str());
  if (!error.io && error.messages.size() > 0)
    std::fprintf(err, "%s: error: invalid plan (%zu problem%s); nothing was run\n",
                 plan_path.c_str(), error.messages.size(), error.messages.size() == 1 ? "" : "s");
  code = error.io ? kExitUsage : kExitFailed;
  return std::nullopt;
}

namespace {

bool make_dir(const std::string& path, std::FILE* err) {
  if (::mkdir(path.c_str(), 0755) == 0 || errno == EEXIST) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return true;
  }
  std::fprintf(err, "bfc: error: cannot create log directory %s: %s\n", path.c_str(),
               std::strerror(errno));
  return false;
}

// Takes the runner lock; an operator command holds it only briefly, so wait for those.
std::unique_ptr<RunnerLock> lock_state(const std::string& state_path, const std::string& plan_path,
                                       std::FILE* err) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  for (;;) {
    LockHolder holder;
    auto lock =
        RunnerLock::try_acquire(state_path + ".lock", "runner", "bfc run " + plan_path, &holder);
    if (lock) return lock;
    if (holder.role != "operator" || std::chrono::steady_clock::now() > until) {
      std::fprintf(err,
                   "bfc: error: state %s is in use by %s; one runner per state file (see `bfc "
                   "status`, or stop "
                   "that runner first)\n",
                   state_path.c_str(), holder.describe().c_str());
      return nullptr;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

// A thread that takes no signals: SIGTERM, SIGINT and SIGCHLD go to the runner's thread,
// which reads them through the launcher's signalfd (a thread started before the launcher
// blocks them would otherwise take SIGTERM with its default action: the process ends).
template <typename F>
std::jthread thread_without_signals(F f) {
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  std::jthread t(std::move(f));
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return t;
}

// What --amend is about to do, before it does it.
void print_amend(const AmendSummary& s, const Plan& plan, std::FILE* err) {
  std::fprintf(err, "bfc: amend: the state's plan (sha256 %s…) becomes %s (sha256 %s…)\n",
               s.old_sha256.substr(0, 12).c_str(), plan.path.c_str(),
               plan.sha256.substr(0, 12).c_str());
  std::fprintf(err,
               "bfc: amend: keep %zu instances (%zu successes, %zu frozen); back to waiting %zu "
               "(%zu succeeded before; %zu changed, %zu downstream of a change); add %zu; remove "
               "%zu (history kept)\n",
               s.kept, s.kept_successes, s.frozen, s.reset, s.reset_successes, s.changed,
               s.reset - s.changed, s.added, s.removed);
  if (!s.reset_tasks.empty()) {
    std::string tasks;
    for (std::size_t i = 0; i < s.reset_tasks.size() && i < 10; ++i)
      tasks += (i ? ", " : "") + s.reset_tasks[i];
    if (s.reset_tasks.size() > 10) tasks += fmt::format(", … ({} more)", s.reset_tasks.size() - 10);
    std::fprintf(err, "bfc: amend: tasks with instances back to waiting: %s\n", tasks.c_str());
  }
}

// Opens the state, kills what a dead runner left and binds it to `plan`; null after
// reporting a problem.
std::unique_ptr<StateDb> open_state(const std::string& state_path, const Plan& plan,
                                    const RunOptions& o, std::FILE* err) {
  try {
    auto db = std::make_unique<StateDb>(state_path, true);
    for (const auto& note : recover_state(*db)) std::fprintf(err, "bfc: %s\n", note.c_str());
    if (o.amend)
      db->attach_plan(plan, o.fresh, [&](const AmendSummary& s) { print_amend(s, plan, err); });
    else
      db->attach_plan(plan, o.fresh);
    return db;
  } catch (const std::exception& e) {
    std::fprintf(err, "bfc: error: %s\n", e.what());
    return nullptr;
  }
}

// The plan's settings after the command line's overrides, and a new run id.
SchedulerOptions scheduler_options(const RunOptions& o, const Plan& plan,
                                   const std::string& log_dir) {
  SchedulerOptions so;
  unsigned cores = std::thread::hardware_concurrency();
  so.max_running =
      o.max_running.value_or(plan.settings.max_running.value_or(cores ? int(cores) : 1));
  so.throttle_s = plan.settings.throttle_s;
  so.window = plan.settings.window;
  so.kill_grace_s = o.kill_grace_s;
  so.log_dir = log_dir;
  so.run_id = new_run_id(SystemClock().wall_ms());
  // For tests: BFC_COMMIT_INTERVAL=SECONDS widens the window in which started attempts are
  // not recorded yet (the crash test kills the runner inside it).
  if (const char* interval = std::getenv("BFC_COMMIT_INTERVAL"))
    so.commit_interval_s = std::atof(interval);
  return so;
}

// The closing line of a run, and where to look when it did not succeed.
void print_summary(const RunOptions& o, const Plan& plan, const RunSummary& summary, double wall,
                   std::FILE* err) {
  const auto& c = summary.counts;
  std::fprintf(
      err, "bfc: %s: %s · %d succeeded · %d dry-run · %d failed · %d frozen · %d waiting · %s\n",
      plan.backfill.c_str(), outcome_name(summary.outcome), c[int(Status::Succeeded)],
      c[int(Status::DryRun)], c[int(Status::Failed)], c[int(Status::Frozen)],
      c[int(Status::Waiting)], format_duration(wall).c_str());
  if (summary.outcome != Outcome::Succeeded)
    std::fprintf(err, "bfc: see `bfc status %s%s` for details\n", o.plan_path.c_str(),
                 o.state_path.empty() ? "" : (" --state " + o.state_path).c_str());
}

// CPU seconds (user + system) in `u`.
double cpu_seconds(const struct rusage& u) {
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// `--stats`: state writes, spawning and CPU time, per attempt.
void print_stats(const RunSummary& summary, double wall, StateDb& db,
                 const PosixLauncher& processes, std::FILE* err) {
  const int n = summary.attempts_started;
  std::fprintf(err,
               "bfc: stats: %d attempts in %.3f s; runner busy %.3f s (%.1f us per attempt); state "
               "writes %.3f s "
               "total, %.1f us per attempt\n",
               n, wall, summary.busy_s, summary.busy_s * 1e6 / n, db.write_seconds(),
               db.write_seconds() * 1e6 / n);
  auto sp = processes.spawn_stats();
  std::fprintf(err,
               "bfc: stats: spawned %ld in place, %ld by helper threads; a spawn suspended its "
               "thread %.0f us on "
               "average; short scheduler slice: %s\n",
               sp.here, sp.helpers, sp.mean_suspension_us, sp.short_slice ? "yes" : "no");
  struct rusage self {
  }, kids{};
  ::getrusage(RUSAGE_SELF, &self);
  ::getrusage(RUSAGE_CHILDREN, &kids);
  std::fprintf(
      err, "bfc: stats: CPU %.3f s in the runner (%.1f us per attempt), %.3f s in its children\n",
      cpu_seconds(self), cpu_seconds(self) * 1e6 / n, cpu_seconds(kids));
}

// Runs the plan's alert command when the outcome asks for it, and records the result.
void send_alert(const Plan& plan, Outcome outcome, const std::string& log_dir,
                ProcessLauncher& processes, StateDb& db, std::FILE* err) {
  if (!plan.settings.alert || !alert_wanted(*plan.settings.alert, outcome)) return;
  std::string result =
      run_alert(processes, *plan.settings.alert, outcome, plan.backfill, log_dir + "/alert.log");
  std::fprintf(err, "bfc: %s\n", result.c_str());
  db.audit("alert", nlohmann::json{{"status", alert_status(outcome)}, {"result", result}}.dump());
  db.commit();
}

// Schedules the plan to the end, then reports and alerts. Throws on state errors.
RunSummary schedule(const RunOptions& o, const Plan& plan, const SchedulerOptions& so, StateDb& db,
                    const std::string& state_path, PosixLauncher& processes,
                    StreamReporter& reporter, std::FILE* err) {
  SystemClock clock;
  db.audit("run", nlohmann::json{{"plan", o.plan_path},
                                 {"plan_sha256", plan.sha256},
                                 {"pid", int(getpid())},
                                 {"host", host_name()},
                                 {"max_running", so.max_running},
                                 {"run_id", so.run_id}}
                      .dump());
  db.record_run(so.run_id);  // before anything starts: recovery finds its processes by it
  db.commit();
  reporter.event(fmt::format("running {} ({} instances, max_running {}); state {}, logs {}",
                             plan.backfill, plan.instances.size(), so.max_running, state_path,
                             so.log_dir));
  auto t0 = std::chrono::steady_clock::now();
  Scheduler scheduler(plan, so, clock, processes, db, reporter);
  RunSummary summary = scheduler.run();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  reporter.finish();
  db.audit("run-end", nlohmann::json{{"outcome", outcome_name(summary.outcome)},
                                     {"attempts", summary.attempts_started},
                                     {"seconds", wall}}
                          .dump());
  db.commit();
  print_summary(o, plan, summary, wall, err);
  if (o.stats && summary.attempts_started > 0) print_stats(summary, wall, db, processes, err);
  send_alert(plan, summary.outcome, so.log_dir, processes, db, err);
  return summary;
}

}  // namespace

int run_backfill(const RunOptions& o, std::FILE* err) {
  int code = kExitOk;
  const std::string state_path =
      o.state_path.empty() ? default_state_path(o.plan_path) : o.state_path;
  // A plan this state ran before comes from the binary cache beside the state (the JSON is
  // not read again); otherwise it is loaded, and cached on another thread while it runs.
  const std::string cache_path = plan_cache_path(state_path);
  const auto stamp = file_stamp(o.plan_path);
  std::optional<Plan> plan;
  if (stamp && !o.fresh) plan = read_plan_cache(cache_path, o.plan_path, *stamp);
  std::jthread cache_writer;  // joined when it goes, on the early returns below
  if (!plan) {
    plan = load_plan_or_report(o.plan_path, err, code);
    if (!plan) return code;
    if (stamp && file_stamp(o.plan_path) == stamp)  // unchanged while it was read
      cache_writer = thread_without_signals([&] { write_plan_cache(cache_path, *plan, *stamp); });
  }
  const std::string log_dir = o.log_dir.empty() ? default_log_dir(o.plan_path) : o.log_dir;
  if (!make_dir(log_dir, err)) return kExitUsage;
  auto lock = lock_state(state_path, o.plan_path, err);
  if (!lock) return kExitUsage;
  auto db = open_state(state_path, *plan, o, err);
  if (!db) return kExitUsage;

  const SchedulerOptions so = scheduler_options(o, *plan, log_dir);
  bool live = o.live.value_or(isatty(fileno(err)) != 0);
  StreamReporter reporter(err, live, o.progress_interval_s);
  PosixLauncher processes;
  try {
    RunSummary summary = schedule(o, *plan, so, *db, state_path, processes, reporter, err);
    code = summary.outcome == Outcome::Succeeded ? kExitOk : kExitFailed;
  } catch (const std::exception& e) {
    reporter.finish();
    std::fprintf(err, "bfc: error: %s\n", e.what());
    code = kExitUsage;
  }
  // The cache is finished while the launcher still holds the runner's signals: a SIGTERM
  // after it lets them go ends the process at once.
  if (cache_writer.joinable()) cache_writer.join();
  return code;
}

std::optional<Plan> outline_or_plan(const std::string& plan_path, const std::string& state_path,
                                    bool outline_ok, int& code) {
  if (outline_ok) {
    try {
      if (auto outline = plan_from_state(plan_path, state_path)) return outline;
    } catch (const std::exception&) {
      // An unreadable or foreign state: the full load and what follows report it.
    }
  }
  return load_plan_or_report(plan_path, stderr, code);
}

}  // namespace bfc::runtime
