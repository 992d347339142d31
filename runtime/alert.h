// The end-of-backfill alert command.
#pragma once

#include <string>

#include "plan.h"
#include "process.h"
#include "scheduler.h"

namespace bfc::runtime {

// The ${status} word for an outcome: succeeded, failed or stopped (incomplete runs are
// reported as stopped).
const char* alert_status(Outcome outcome);

// True when `alert` wants to run for this outcome (on = failure covers failed and stopped).
bool alert_wanted(const Alert& alert, Outcome outcome);

// The alert command with ${status} replaced in the string or in every list element.
Command alert_command(const Alert& alert, const std::string& status);

// Runs the alert through `runner`, output to `log_path`, with BF_STATUS and BF_BACKFILL set;
// waits at most `timeout_s`. Returns a one-line description of what happened.
std::string run_alert(ProcessRunner& runner, const Alert& alert, Outcome outcome, const std::string& backfill,
                      const std::string& log_path, double timeout_s = 300);

}  // namespace bfc::runtime
