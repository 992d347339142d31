// Alert command substitution and execution.
#include "alert.h"

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
    case Outcome::succeeded: return "succeeded";
    case Outcome::failed: return "failed";
    case Outcome::stopped:
    case Outcome::incomplete: return "stopped";
  }
  return "failed";
}

bool alert_wanted(const Alert& alert, Outcome outcome) {
  switch (alert.on) {
    case AlertOn::always: return true;
    case AlertOn::success: return outcome == Outcome::succeeded;
    case AlertOn::failure: return outcome != Outcome::succeeded;
  }
  return false;
}

Command alert_command(const Alert& alert, const std::string& status) {
  Command c = alert.command;
  c.text = replace_all(c.text, "${status}", status);
  for (auto& a : c.argv) a = replace_all(a, "${status}", status);
  return c;
}

std::string run_alert(ProcessRunner& runner, const Alert& alert, Outcome outcome, const std::string& backfill,
                      const std::string& log_path, double timeout_s) {
  const std::string status = alert_status(outcome);
  LaunchSpec spec;
  spec.command = alert_command(alert, status);
  spec.env = {"BF_STATUS=" + status, "BF_BACKFILL=" + backfill};
  spec.log_path = log_path;
  Launched l = runner.launch(spec);
  if (!l.ok) return "alert could not start: " + l.error;
  runner.release_held();
  auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  bool killed = false;
  for (;;) {
    for (const auto& e : runner.wait(0.2).exits) {
      if (e.pid != l.pid) continue;
      if (killed) return fmt::format("alert timed out after {}s and was killed; output in {}", timeout_s, log_path);
      if (e.signal) return fmt::format("alert killed by signal {}; output in {}", e.signal, log_path);
      if (e.exit_code != 0) return fmt::format("alert failed with exit code {}; output in {}", e.exit_code, log_path);
      return fmt::format("alert sent ({}); output in {}", status, log_path);
    }
    if (!killed && std::chrono::steady_clock::now() > until) {
      runner.signal_group(l.pgid, SIGKILL);
      killed = true;
    }
  }
}

}  // namespace bfc::runtime
