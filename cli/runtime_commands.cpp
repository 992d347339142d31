// run, status, rerun, mark-success, freeze, unfreeze: argument parsing only; the work is in
// runtime/ (runner.h, status_report.h, operator.h).
#include <unistd.h>

#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "commands.h"
#include "operator.h"
#include "plan_outline.h"
#include "runner.h"
#include "status_report.h"

namespace bfc::cli {
namespace {

using namespace bfc::runtime;

// The plan's outline from the state when `outline_ok` and the state was made from this very
// file (cheap on large plans), otherwise the parsed plan (errors reported, `code` set).
std::optional<Plan> outline_or_plan(const std::string& plan_path, const std::string& state_path, bool outline_ok,
                                    int& code) {
  if (outline_ok) {
    try {
      if (auto outline = plan_from_state(plan_path, state_path)) return outline;
    } catch (const std::exception&) {
      // An unreadable or foreign state: the full load and what follows report it.
    }
  }
  return load_plan_or_report(plan_path, stderr, code);
}

struct OperatorArgs {
  std::string plan;
  std::vector<std::string> instances;
  std::string state;
  bool downstream = false;
  double wait_s = 30;
};

void register_run(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<RunOptions>();
  auto max_running = std::make_shared<int>(0);
  auto* cmd = app.add_subcommand("run", "execute a compiled plan (resumes where the state left off)");
  cmd->add_option("plan", o->plan_path, "plan JSON written by `bfc compile`")->required();
  cmd->add_option("--state", o->state_path, "state database (default: PLAN.state.db)");
  cmd->add_option("--logs", o->log_dir, "directory for attempt logs (default: PLAN.logs)");
  cmd->add_option("--max-running", *max_running, "attempts running at once (overrides the plan)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--fresh", o->fresh, "discard a state that belongs to a different plan and start over");
  cmd->add_flag("--stats", o->stats, "print state-write timing at the end");
  cmd->add_option("--progress-interval", o->progress_interval_s, "seconds between plain progress lines")
      ->check(CLI::PositiveNumber);
  cmd->callback([o, max_running, &exit_code] {
    if (*max_running > 0) o->max_running = *max_running;
    exit_code = run_plan(*o, stderr);
  });
}

void register_status(CLI::App& app, int& exit_code) {
  struct Args {
    std::string plan, state, format = "text";
    int tail = 10;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("status", "show a plan's progress: task x date grid, counts, failures");
  cmd->add_option("plan", a->plan, "plan JSON")->required();
  cmd->add_option("--state", a->state, "state database (default: PLAN.state.db)");
  cmd->add_option("--format", a->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--tail", a->tail, "log lines shown per failed instance")->check(CLI::NonNegativeNumber);
  cmd->callback([a, &exit_code] {
    const std::string state = a->state.empty() ? default_state_path(a->plan) : a->state;
    auto plan = outline_or_plan(a->plan, state, true, exit_code);
    if (!plan) return;
    try {
      auto data = gather_status(*plan, state, a->tail);
      if (a->format == "json")
        std::fputs((render_status_json(data, a->tail).dump(2) + "\n").c_str(), stdout);
      else
        std::fputs(render_status_text(data, a->tail).c_str(), stdout);
      exit_code = kExitOk;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "bfc: error: %s\n", e.what());
      exit_code = kExitUsage;
    }
  });
}

void register_operator(CLI::App& app, int& exit_code, const std::string& name, const std::string& help) {
  auto a = std::make_shared<OperatorArgs>();
  auto* cmd = app.add_subcommand(name, help);
  cmd->add_option("plan", a->plan, "plan JSON")->required();
  cmd->add_option("instances", a->instances, "instance ids, e.g. events_daily@2024-03-01")->required();
  cmd->add_option("--state", a->state, "state database (default: PLAN.state.db)");
  if (name == "rerun" || name == "mark-success")
    cmd->add_flag("--downstream", a->downstream, "also every instance that depends on them, transitively");
  cmd->add_option("--wait", a->wait_s, "seconds to wait for an active runner to apply the change")
      ->check(CLI::NonNegativeNumber);
  cmd->callback([a, name, &exit_code] {
    const std::string state = a->state.empty() ? default_state_path(a->plan) : a->state;
    auto plan = outline_or_plan(a->plan, state, !a->downstream, exit_code);  // --downstream needs the deps
    if (!plan) return;
    Request r;
    r.action = name;
    r.instances = a->instances;
    r.downstream = a->downstream;
    try {
      auto out = submit_request(*plan, state, r, a->wait_s);
      for (const auto& note : out.notes) std::fprintf(stderr, "bfc %s: %s\n", name.c_str(), note.c_str());
      if (out.ok) {
        std::printf("bfc %s: %s%s\n", name.c_str(), out.message.c_str(),
                    out.by_runner ? " (applied by the active runner)" : "");
        exit_code = kExitOk;
      } else if (out.queued) {
        std::printf("bfc %s: %s\n", name.c_str(), out.message.c_str());
        exit_code = kExitOk;
      } else {
        std::fprintf(stderr, "bfc %s: error: %s\n", name.c_str(), out.message.c_str());
        exit_code = kExitFailed;
      }
    } catch (const std::exception& e) {
      std::fprintf(stderr, "bfc %s: error: %s\n", name.c_str(), e.what());
      exit_code = kExitUsage;
    }
  });
}

}  // namespace

void register_runtime_commands(CLI::App& app, int& exit_code) {
  register_run(app, exit_code);
  register_status(app, exit_code);
  register_operator(app, exit_code, "rerun", "run instances again (a recorded success included)");
  register_operator(app, exit_code, "mark-success", "record instances as succeeded without running them");
  register_operator(app, exit_code, "freeze", "hold instances: they do not start until unfrozen");
  register_operator(app, exit_code, "unfreeze", "release frozen instances");
}

}  // namespace bfc::cli
