// Crash recovery. Two independent ways find what a dead runner left behind:
//  - the attempt's process group, when its pid was recorded: it is ours while the group has
//    live members and its leader is gone or has the recorded start time (a pid cannot be
//    reused while it names a live group, so another start time means our group ended);
//  - BF_ATTEMPT_ID in the environment of every process the attempt started, which also
//    covers an attempt whose pid was never recorded (the runner died right after spawning).
// Both are repeated until nothing is found, so the attempt is proven gone.
#include "recovery.h"

#include <signal.h>

#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "proc_util.h"

namespace bfc::runtime {
namespace {

// Kills whatever still runs for attempt `a`; returns how many signals were sent.
int kill_leftovers(const AttemptRow& a, const std::string& boot) {
  int sent = 0;
  if (a.pgid > 1 && a.boot_id == boot && process_group_alive(a.pgid)) {
    std::string leader = process_start_token(a.pgid);
    if (leader.empty() || leader == a.start_token) {
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

}  // namespace

std::vector<std::string> recover_state(StateDb& db, double kill_wait_s) {
  std::vector<std::string> notes;
  const std::string boot = boot_id();
  auto open = db.open_attempts();
  for (const auto& a : open) {
    bool killed = false;
    auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(kill_wait_s);
    while (kill_leftovers(a, boot) > 0) {
      killed = true;
      if (std::chrono::steady_clock::now() > until)
        throw StateError(fmt::format("processes of {} (attempt {}, process group {}) survive SIGKILL; refusing to "
                                     "run it again while they may still be running",
                                     a.instance, a.attempt, a.pgid));
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    db.close_attempt(a.instance, a.attempt, "abandoned");
    notes.push_back(killed ? fmt::format("{} attempt {}: killed the processes left by a dead runner", a.instance,
                                         a.attempt)
                           : fmt::format("{} attempt {}: left open by a dead runner; its processes are gone",
                                         a.instance, a.attempt));
  }
  db.begin();
  auto& d = db.db();
  d.exec("UPDATE instances SET status='waiting', reason='re-run: the previous runner died during attempt ' || "
         "attempts, fail_kind=NULL WHERE status='running'");
  int reset_running = sqlite3_changes(d.handle());
  d.exec("UPDATE instances SET status='waiting', reason='re-run: the previous run was stopped during attempt ' || "
         "attempts, fail_kind=NULL WHERE status='failed' AND fail_kind='interrupted'");
  int reset_interrupted = sqlite3_changes(d.handle());
  d.exec("UPDATE instances SET status='waiting', reason=NULL, fail_kind=NULL "
         "WHERE status='failed' AND fail_kind='propagated'");
  if (!open.empty() || reset_running || reset_interrupted)
    db.audit("recover", fmt::format(R"({{"open_attempts":{},"reset_running":{},"reset_interrupted":{}}})",
                                    open.size(), reset_running, reset_interrupted));
  db.commit();
  if (reset_interrupted)
    notes.push_back(fmt::format("{} instance(s) stopped by the previous run will run again", reset_interrupted));
  return notes;
}

}  // namespace bfc::runtime
