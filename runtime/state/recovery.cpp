// Crash recovery. Three ways find what a dead runner left behind, repeated until nothing is
// found, so the attempt is proven gone:
//  - BF_ATTEMPT_ID=<token> in the environment of every process the attempt started (exact:
//    no other process carries the token), which also covers an attempt whose pid was never
//    recorded because the runner died right after spawning it;
//  - BF_ATTEMPT_ID=<run id>/... for the last run (recorded before it started anything): the
//    runner records a batch of attempts right after spawning them, so it may die with a
//    process running whose attempt is not in the state at all;
//  - the attempt's process group, for members that cleared their environment. A group
//    number cannot be reused while the group has members, so the group is ours when its
//    leader is gone, or the leader still carries our token (or the recorded start time).
#include "runtime/state/recovery.h"

#include <signal.h>

#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "runtime/sys/proc_util.h"

namespace bfc::runtime {
namespace {

// Kills whatever still runs for attempt `a`; returns how many signals were sent.
int kill_leftovers(const AttemptRow& a, const std::string& boot) {
  int sent = 0;
  if (a.pgid > 1 && a.boot_id == boot && process_group_alive(a.pgid)) {
    std::string leader = process_start_token(a.pgid);
    bool ours = leader.empty() || (!a.start_token.empty() && leader == a.start_token) ||
                process_has_env(a.pgid, "BF_ATTEMPT_ID=" + a.token);
    if (ours) {
      ::kill(-a.pgid, SIGKILL);
      ++sent;
    }
  }
  if (!a.token.empty() && a.boot_id == boot) {
    for (int pid : processes_with_env("BF_ATTEMPT_ID=" + a.token)) {
      int pgid = process_group_of(pid);
      if (pgid > 1) ::kill(-pgid, SIGKILL);
      ::kill(pid, SIGKILL);
      ++sent;
    }
  }
  return sent;
}

// Kills every process carrying a token of run `run_id`; returns how many were signalled.
int kill_run_leftovers(const std::string& run_id) {
  int sent = 0;
  for (int pid : processes_with_env("BF_ATTEMPT_ID=" + run_id + "/", EnvMatch::Prefix)) {
    int pgid = process_group_of(pid);
    if (pgid > 1) ::kill(-pgid, SIGKILL);
    ::kill(pid, SIGKILL);
    ++sent;
  }
  return sent;
}

// Repeats `kill` until it finds nothing; throws when that takes longer than `wait_s`.
template <typename Kill, typename What>
bool kill_until_gone(Kill kill, double wait_s, What what) {
  bool killed = false;
  auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_s);
  while (kill() > 0) {
    killed = true;
    if (std::chrono::steady_clock::now() > until)
      throw StateError(
          what() +
          " survive SIGKILL; refusing to run anything again while they may still be running");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return killed;
}

// Proves every process of a dead runner gone (killing what is left) and closes its open
// attempts as abandoned; appends a note per action. Returns how many attempts were open.
std::size_t kill_orphans(StateDb& db, double kill_wait_s, std::vector<std::string>& notes) {
  const std::string boot = boot_id();
  auto open = db.open_attempts();
  for (const auto& a : open) {
    bool killed =
        kill_until_gone([&] { return kill_leftovers(a, boot); }, kill_wait_s,
                        [&] {
                          return fmt::format("processes of {} (attempt {}, process group {})",
                                             a.instance, a.attempt, a.pgid);
                        });
    db.close_attempt(a.instance, a.attempt, "abandoned");
    notes.push_back(
        killed ? fmt::format("{} attempt {}: killed the processes left by a dead runner",
                             a.instance, a.attempt)
               : fmt::format("{} attempt {}: left open by a dead runner; its processes are gone",
                             a.instance, a.attempt));
  }
  // Attempts the last run started but had not recorded yet.
  if (auto run = db.last_run(); run && run->boot_id == boot) {
    if (kill_until_gone([&] { return kill_run_leftovers(run->id); }, kill_wait_s,
                        [&] { return fmt::format("processes of run {}", run->id); }))
      notes.push_back(fmt::format(
          "killed the processes of attempts the dead runner (run {}) had not recorded yet",
          run->id));
  }
  return open.size();
}

// Both recoveries: the dead runner's processes, then (`failures_too`) failures that a new
// run re-derives or runs again. One transaction, one audit entry.
std::vector<std::string> recover(StateDb& db, double kill_wait_s, bool failures_too) {
  std::vector<std::string> notes;
  std::size_t open_attempts = kill_orphans(db, kill_wait_s, notes);
  db.begin();
  auto& d = db.db();
  d.exec(
      "UPDATE instances SET status='waiting', reason='re-run: the previous runner died during "
      "attempt ' || "
      "attempts, fail_kind=NULL WHERE status='running'");
  int running = sqlite3_changes(d.handle());
  int interrupted = 0;
  if (failures_too) {
    d.exec(
        "UPDATE instances SET status='waiting', reason='re-run: the previous run was stopped "
        "during attempt ' || "
        "attempts, fail_kind=NULL WHERE status='failed' AND fail_kind='interrupted'");
    interrupted = sqlite3_changes(d.handle());
    d.exec(
        "UPDATE instances SET status='waiting', reason=NULL, fail_kind=NULL "
        "WHERE status='failed' AND fail_kind='propagated'");
  }
  if (open_attempts || running || interrupted) {
    std::string detail =
        fmt::format(R"({{"open_attempts":{},"reset_running":{})", open_attempts, running);
    if (failures_too) detail += fmt::format(R"(,"reset_interrupted":{})", interrupted);
    db.audit("recover", detail + "}");
  }
  db.commit();
  if (!failures_too && running)
    notes.push_back(
        fmt::format("{} instance(s) left running by a dead runner are waiting again", running));
  if (interrupted)
    notes.push_back(
        fmt::format("{} instance(s) stopped by the previous run will run again", interrupted));
  return notes;
}

}  // namespace

std::vector<std::string> recover_orphans(StateDb& db, double kill_wait_s) {
  return recover(db, kill_wait_s, false);
}

std::vector<std::string> recover_state(StateDb& db, double kill_wait_s) {
  return recover(db, kill_wait_s, true);
}

}  // namespace bfc::runtime
