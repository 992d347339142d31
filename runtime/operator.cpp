// Applying operator requests to the state, and submitting them from a CLI process.
#include "operator.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "plan_graph.h"
#include "recovery.h"
#include "runner_lock.h"

namespace bfc::runtime {
namespace {

std::string list(const std::vector<std::string>& ids, std::size_t max = 8) {
  std::string out;
  for (std::size_t i = 0; i < ids.size() && i < max; ++i) out += (i ? ", " : "") + ids[i];
  if (ids.size() > max) out += fmt::format(", … ({} more)", ids.size() - max);
  return out;
}

// Applies one request to `states`; returns the result text, sets `ok` and `changed`.
std::string apply_one(const Plan& plan, const Request& r, const std::set<int>& live,
                      std::vector<InstanceState>& states, std::vector<int>& touched, bool& ok) {
  ok = false;
  std::vector<int> named;
  for (const auto& id : r.instances) {
    int i = plan.find(id);
    if (i < 0) return fmt::format("rejected: no instance `{}` in the plan", id);
    named.push_back(i);
  }
  std::vector<int> targets = r.downstream ? downstream_closure(plan, named) : named;
  std::set<int> is_named(named.begin(), named.end());
  std::vector<std::string> busy;
  for (int i : targets)
    if (live.count(i)) busy.push_back(plan.instances[i].id);
  if (!busy.empty())
    return fmt::format("rejected: {} {} running; wait for {} to finish, or stop the runner first", list(busy),
                       busy.size() == 1 ? "is" : "are", busy.size() == 1 ? "it" : "them");
  std::vector<std::string> changed, skipped;
  for (int i : targets) {
    auto& s = states[i];
    const auto& id = plan.instances[i].id;
    InstanceState next = s;
    if (r.action == "rerun") {
      if (s.status == Status::frozen && !is_named.count(i)) { skipped.push_back(id + " (frozen)"); continue; }
      next.status = Status::waiting;
      next.failures = 0;
      next.retry_at_ms = 0;
      next.kind = FailKind::none;
      next.reason = "rerun requested by " + r.who;
    } else if (r.action == "mark-success") {
      next.status = Status::succeeded;
      next.retry_at_ms = 0;
      next.kind = FailKind::none;
      next.reason = "marked succeeded by " + r.who;
    } else if (r.action == "freeze") {
      if (s.status != Status::waiting && s.status != Status::failed && s.status != Status::running) {
        skipped.push_back(fmt::format("{} ({})", id, status_name(s.status)));
        continue;
      }
      next.status = Status::frozen;
      next.kind = FailKind::none;
      next.reason = "frozen by " + r.who;
    } else if (r.action == "unfreeze") {
      if (s.status != Status::frozen) { skipped.push_back(fmt::format("{} ({})", id, status_name(s.status))); continue; }
      next.status = Status::waiting;
      next.failures = 0;
      next.reason.clear();
    } else {
      return fmt::format("rejected: unknown action `{}`", r.action);
    }
    s = next;
    touched.push_back(i);
    changed.push_back(id);
  }
  ok = true;
  std::string verb = r.action == "rerun" ? "reset to waiting" : r.action == "mark-success" ? "marked succeeded"
                     : r.action == "freeze" ? "frozen" : "unfrozen";
  std::string out = fmt::format("{} instance{} {}", changed.size(), changed.size() == 1 ? "" : "s", verb);
  if (!changed.empty()) out += ": " + list(changed);
  if (!skipped.empty()) out += fmt::format("; left unchanged: {}", list(skipped));
  return out;
}

}  // namespace

bool apply_pending_requests(StateDb& db, const Plan& plan, const std::vector<int>& running) {
  auto pending = db.pending_requests();
  if (pending.empty()) return false;
  std::set<int> live(running.begin(), running.end());
  std::vector<InstanceState> states = db.load();
  std::vector<int> touched;
  db.begin();
  for (const auto& r : pending) {
    // An outline has no dependencies: a --downstream request waits for a full plan (the
    // runner's, or the next operator command that loads one).
    if (r.downstream && plan.outline_only) continue;
    bool ok = false;
    std::string result = apply_one(plan, r, live, states, touched, ok);
    db.finish_request(r.seq, result);
    db.audit_as(r.who, r.action,
                nlohmann::json{{"instances", r.instances}, {"downstream", r.downstream}, {"request", r.seq},
                               {"result", result}, {"applied_by_pid", int(getpid())}}
                    .dump());
  }
  // Failures that only followed from others are re-derived by the scheduler from the new
  // states (a rerun of the failed instance must lift its day's failure).
  if (!touched.empty()) {
    for (std::size_t i = 0; i < states.size(); ++i)
      if (states[i].status == Status::failed && states[i].kind == FailKind::propagated && !live.count(int(i))) {
        states[i].status = Status::waiting;
        states[i].kind = FailKind::none;
        states[i].reason.clear();
        touched.push_back(int(i));
      }
  }
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  for (int i : touched) db.set_instance(i, states[i]);
  db.commit();
  return !touched.empty();
}

OperatorOutcome submit_request(const Plan& plan, const std::string& state_path, const Request& request,
                               double wait_s) {
  const std::string lock_path = state_path + ".lock";
  const std::string command = fmt::format("bfc {}", request.action);
  StateDb db(state_path, true);
  std::int64_t seq = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_s);
  std::optional<LockHolder> runner;
  for (;;) {
    LockHolder holder;
    if (auto lock = RunnerLock::try_acquire(lock_path, "operator", command, &holder)) {
      db.attach_plan(plan, false);
      // No runner is active: what a dead one left running is not running. Kill what is
      // left of it first, so the change applies to the state as it really is.
      std::vector<std::string> notes = recover_orphans(db);
      if (seq == 0) seq = db.enqueue_request(request);
      apply_pending_requests(db, plan, {});
      auto r = db.request(seq);
      OperatorOutcome out;
      out.notes = std::move(notes);
      out.ok = r && r->result.rfind("rejected:", 0) != 0;
      out.message = r ? r->result : "request vanished";
      return out;
    }
    runner = holder;
    if (seq == 0) {
      try {
        db.check_plan(plan);
        seq = db.enqueue_request(request);
      } catch (const StateError&) {
        if (db.plan_hash()) throw;  // a different plan: report it
        // The runner has not recorded its plan yet: try again shortly.
      }
    } else if (auto r = db.request(seq); r && !r->applied_at.empty()) {
      OperatorOutcome out;
      out.ok = r->result.rfind("rejected:", 0) != 0;
      out.by_runner = true;
      out.message = r->result;
      return out;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      OperatorOutcome out;
      out.queued = seq != 0;
      out.message = seq != 0 ? fmt::format("request {} is queued; the runner {} has not applied it yet and will "
                                           "when it next polls",
                                           seq, holder.describe())
                             : fmt::format("the state is locked by {}", holder.describe());
      return out;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace bfc::runtime
