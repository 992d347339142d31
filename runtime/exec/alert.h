// The end-of-backfill alert command.
#pragma once

#include <string>

#include "runtime/exec/process.h"
#include "runtime/exec/scheduler.h"
#include "runtime/plan/plan.h"

namespace bfc::runtime {

// The ${status} word for an outcome: succeeded, failed or stopped (incomplete runs are
// reported as stopped).
const char* alert_status(Outcome outcome);

// True when `alert` wants to run for this outcome (on = failure covers every outcome but
// succeeded).
bool alert_wanted(const PlanAlert& alert, Outcome outcome);

// The alert command with ${status} replaced in the string or in every list element.
Command alert_command(const PlanAlert& alert, const std::string& status);

// Runs the alert through `launcher`, output to `log_path`, with BF_STATUS and BF_BACKFILL set;
// waits at most `timeout_s`. Returns a one-line description of what happened.
std::string run_alert(ProcessLauncher& launcher, const PlanAlert& alert, Outcome outcome,
                      const std::string& backfill, const std::string& log_path,
                      double timeout_s = 300);

}  // namespace bfc::runtime
