// Crash recovery. An open attempt's process group is ours when the group still has live
// members and either its leader is gone or the leader's start time matches the record (a
// pid cannot be reused while it names a live group, so a different leader start time means
// our group ended and the id now names someone else's).
#include "recovery.h"

#include <signal.h>

#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "proc_util.h"

namespace bfc::runtime {

std::vector<std::string> recover_state(StateDb& db, double kill_wait_s) {
  std::vector<std::string> notes;
  const std::string boot = boot_id();
  auto open = db.open_attempts();
  for (const auto& a : open) {
    std::string what = "gone";
    if (a.pgid > 1 && a.boot_id == boot && process_group_alive(a.pgid)) {
      std::string leader = process_start_token(a.pgid);
      if (leader.empty() || leader == a.start_token) {
        ::kill(-a.pgid, SIGKILL);
        auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(kill_wait_s);
        while (process_group_alive(a.pgid)) {
          if (std::chrono::steady_clock::now() > until)
            throw StateError(fmt::format("process group {} of {} (attempt {}) survives SIGKILL; refusing to run "
                                         "it again while it may still be running",
                                         a.pgid, a.instance, a.attempt));
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        what = "killed";
      }
    }
    db.close_attempt(a.instance, a.attempt, "abandoned");
    notes.push_back(what == "killed"
                        ? fmt::format("{} attempt {}: killed process group {} left by a dead runner", a.instance,
                                      a.attempt, a.pgid)
                        : fmt::format("{} attempt {}: left by a dead runner, its processes are gone", a.instance,
                                      a.attempt));
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
