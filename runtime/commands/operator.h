// Operator actions (rerun, mark-success, freeze, unfreeze): queued in the state database and
// applied by whoever holds the runner lock, so they work with and without an active runner.
#pragma once

#include <string>
#include <vector>

#include "runtime/plan/plan.h"
#include "runtime/state/state_db.h"

namespace bfc::runtime {

// What submit_request reports back.
struct OperatorOutcome {
  bool ok = false;  // false: rejected (unknown instance, running, ...) or not applied in time
  bool by_runner = false;          // applied by the active runner rather than by this process
  bool queued = false;             // still queued when we stopped waiting
  std::string message;             // the request's result, or the reason it failed
  std::vector<std::string> notes;  // what recovering from a dead runner did first, if anything
};

// Queues `request` against the state at `state_path` for `plan`; applies it directly when
// no runner holds the lock, otherwise waits up to `wait_s` for the runner to apply it.
// Throws StateError / DbError for state problems.
OperatorOutcome submit_request(const Plan& plan, const std::string& state_path,
                               const Request& request, double wait_s = 30);

// What an operator command line names.
struct OperatorArgs {
  std::string plan;
  std::vector<std::string> instances;               // ids and globs over ids
  std::vector<std::string> tasks, dates, statuses;  // --task, --dates, --status (as typed)
  std::string state;
  bool downstream = false;
  bool dry_run = false;
  double wait_s = 30;
};

// `bfc rerun|mark-success|freeze|unfreeze` (`action`): loads the plan (or its outline),
// resolves the selectors (selector.h) to instance ids, submits the request (or, with
// --dry-run, lists what it would change), prints what happened; returns the exit code.
int operator_command(const std::string& action, const OperatorArgs& args);

}  // namespace bfc::runtime
