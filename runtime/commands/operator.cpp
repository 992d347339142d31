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
#include "runtime/commands/selector.h"
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

namespace {

// The recorded states of `plan`'s instances in plan order (all waiting when there is no
// state yet); throws StateError when the state belongs to another plan.
std::vector<InstanceState> current_states(const Plan& plan, const std::string& state_path) {
  std::vector<InstanceState> states(plan.instances.size());
  if (!StateDb::exists(state_path)) return states;
  StateDb db(state_path, false, true);
  if (!db.plan_hash()) return states;  // a runner is still creating it
  db.check_plan(plan);
  states = db.load();
  states.resize(plan.instances.size());
  return states;
}

// --dry-run: what the request would change now, one id per line and a count; nothing is
// queued or written. Instances a running attempt holds make it fail as the real request would.
int dry_run(const std::string& action, const Plan& plan, const std::string& state_path,
            const Request& r, std::size_t selected) {
  auto states = current_states(plan, state_path);
  std::set<int> live;
  if (RunnerLock::probe(state_path + ".lock"))
    for (std::size_t i = 0; i < states.size(); ++i)
      if (states[i].status == Status::Running) live.insert(int(i));
  std::vector<int> touched;
  bool ok = false;
  std::string result = apply_request(plan, r, live, states, touched, ok);
  if (!ok) {
    std::fprintf(stderr, "bfc %s --dry-run: error: %s\n", action.c_str(), result.c_str());
    return kExitFailed;
  }
  for (int i : touched) std::printf("%s\n", plan.instances[i].id.c_str());
  std::string unchanged;
  if (!r.downstream && touched.size() < selected)
    unchanged = fmt::format(" ({} selected instance{} would be left unchanged)",
                            selected - touched.size(), selected - touched.size() == 1 ? "" : "s");
  std::printf("bfc %s --dry-run: %s would be %s%s; nothing was queued or changed\n", action.c_str(),
              count_by_task(plan, touched).c_str(), action_verb(action).c_str(), unchanged.c_str());
  return kExitOk;
}

}  // namespace

int operator_command(const std::string& action, const OperatorArgs& args) {
  int code = kExitOk;
  Selector sel;
  sel.patterns = args.instances;
  sel.tasks = args.tasks;
  try {
    for (const auto& d : args.dates) add_dates(sel, d);
    for (const auto& st : args.statuses) add_statuses(sel, st);
  } catch (const SelectorError& e) {
    std::fprintf(stderr, "bfc %s: error: %s\n", action.c_str(), e.what());
    return kExitUsage;
  }
  if (sel.empty()) {
    std::fprintf(stderr,
                 "bfc %s: error: name the instances: ids, globs, --task, --dates or --status\n",
                 action.c_str());
    return kExitUsage;
  }
  const std::string state = args.state.empty() ? default_state_path(args.plan) : args.state;
  auto plan =
      outline_or_plan(args.plan, state, !args.downstream, code);  // --downstream needs the deps
  if (!plan) return code;
  try {
    // --status is evaluated here, against the state as it is now; the request then names
    // the selected ids (a runner may change some statuses before it applies them).
    std::vector<InstanceState> states;
    if (!sel.statuses.empty()) states = current_states(*plan, state);
    Selection chosen = select_instances(*plan, states, sel);
    if (!chosen.error.empty()) {
      std::fprintf(stderr, "bfc %s: error: %s\n", action.c_str(), chosen.error.c_str());
      return kExitFailed;
    }
    Request r;
    r.action = action;
    for (int i : chosen.instances) r.instances.push_back(plan->instances[i].id);
    r.downstream = args.downstream;
    bool plain_ids = sel.tasks.empty() && sel.dates.empty() && sel.statuses.empty() &&
                     std::none_of(sel.patterns.begin(), sel.patterns.end(), is_glob);
    if (!plain_ids) r.selector = sel.text();  // the audit log records it for bulk requests
    if (args.dry_run) return dry_run(action, *plan, state, r, chosen.instances.size());

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
