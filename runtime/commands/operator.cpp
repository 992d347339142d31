// Submitting operator requests from a CLI process (runtime/state/request_queue.cpp applies them).
#include "runtime/commands/operator.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "runtime/commands/run.h"
#include "runtime/state/recovery.h"
#include "runtime/state/request_queue.h"
#include "runtime/state/runner_lock.h"

namespace bfc::runtime {

OperatorOutcome submit_request(const Plan& plan, const std::string& state_path,
                               const Request& request, double wait_s) {
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
      out.message = seq != 0
                        ? fmt::format(
                              "request {} is queued; the runner {} has not applied it yet and will "
                              "when it next polls",
                              seq, holder.describe())
                        : fmt::format("the state is locked by {}", holder.describe());
      return out;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

int operator_command(const std::string& action, const OperatorArgs& args) {
  int code = kExitOk;
  const std::string state = args.state.empty() ? default_state_path(args.plan) : args.state;
  auto plan =
      outline_or_plan(args.plan, state, !args.downstream, code);  // --downstream needs the deps
  if (!plan) return code;
  Request r;
  r.action = action;
  r.instances = args.instances;
  r.downstream = args.downstream;
  try {
    auto out = submit_request(*plan, state, r, args.wait_s);
    for (const auto& note : out.notes)
      std::fprintf(stderr, "bfc %s: %s\n", action.c_str(), note.c_str());
    if (out.ok) {
      std::printf("bfc %s: %s%s\n", action.c_str(), out.message.c_str(),
                  out.by_runner ? " (applied by the active runner)" : "");
      code = kExitOk;
    } else if (out.queued) {
      std::printf("bfc %s: %s\n", action.c_str(), out.message.c_str());
      code = kExitOk;
    } else {
      std::fprintf(stderr, "bfc %s: error: %s\n", action.c_str(), out.message.c_str());
      code = kExitFailed;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bfc %s: error: %s\n", action.c_str(), e.what());
    code = kExitUsage;
  }
  return code;
}

}  // namespace bfc::runtime
