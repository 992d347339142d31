// PlanAlert command substitution and execution.
#include "runtime/exec/alert.h"

#include <signal.h>

#include <chrono>

#include <fmt/format.h>

namespace bfc::runtime {
namespace {

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = text.find(from, pos)) != std::string::npos; pos += to.size())
    text.replace(pos, from.size(), to);
  return text;
}

}  // namespace

const char* alert_status(Outcome outcome) {
  switch (outcome) {
    case Outcome::Succeeded:
      return "succeeded";
    case Outcome::Failed:
      return "failed";
    case Outcome::Stopped:
    case Outcome::Incomplete:
      return "stopped";
  }
  return "failed";
}

bool alert_wanted(const PlanAlert& alert, Outcome outcome) {
  switch (alert.on) {
    case PlanAlertOn::Always:
      return true;
    case PlanAlertOn::Success:
      return outcome == Outcome::Succeeded;
    case PlanAlertOn::Failure:
      return outcome != Outcome::Succeeded;
  }
  return false;
}

Command alert_command(const PlanAlert& alert, const std::string& status) {
  Command c = alert.command;
  c.text = replace_all(c.text, "${status}", status);
  for (auto& a : c.argv) a = replace_all(a, "${status}", status);
  return c;
}

std::string run_alert(ProcessLauncher& launcher, const PlanAlert& alert, Outcome outcome,
                      const std::string& backfill, const std::string& log_path, double timeout_s) {
  const std::string status = alert_status(outcome);
  LaunchSpec spec;
  spec.command = alert_command(alert, status);
  spec.env = {"BF_STATUS=" + status, "BF_BACKFILL=" + backfill};
  spec.log_path = log_path;
  Launched l = launcher.launch(spec);
  if (!l.ok) return "alert could not start: " + l.error;
  auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  bool killed = false;
  for (;;) {
    for (const auto& e : launcher.wait(0.2).exits) {
      if (e.pid != l.pid) continue;
      if (killed)
        return fmt::format("alert timed out after {}s and was killed; output in {}", timeout_s,
                           log_path);
      if (e.signal)
        return fmt::format("alert killed by signal {}; output in {}", e.signal, log_path);
      if (e.exit_code != 0)
        return fmt::format("alert failed with exit code {}; output in {}", e.exit_code, log_path);
      return fmt::format("alert sent ({}); output in {}", status, log_path);
    }
    if (!killed && std::chrono::steady_clock::now() > until) {
      launcher.signal_group(l.pgid, SIGKILL);
      killed = true;
    }
  }
}

}  // namespace bfc::runtime
