// run, status, rerun, mark-success, freeze, unfreeze: argument parsing only; the work is in
// runtime/commands/ (run.h, status.h, operator.h).
#include <unistd.h>

#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "commands.h"
#include "runtime/commands/logs.h"
#include "runtime/commands/operator.h"
#include "runtime/commands/run.h"
#include "runtime/commands/status.h"

namespace bfc::cli {
namespace {

using namespace bfc::runtime;

void register_run(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<RunOptions>();
  auto max_running = std::make_shared<int>(0);
  auto* cmd =
      app.add_subcommand("run", "execute a compiled plan (resumes where the state left off)");
  cmd->add_option("plan", o->plan_path, "plan JSON written by `bfc compile`")->required();
  cmd->add_option("--state", o->state_path, "state database (default: PLAN.state.db)");
  cmd->add_option("--logs", o->log_dir, "directory for attempt logs (default: PLAN.logs)");
  cmd->add_option("--max-running", *max_running, "attempts running at once (overrides the plan)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--fresh", o->fresh,
                "discard a state that belongs to a different plan and start over");
  cmd->add_flag("--amend", o->amend,
                "carry the progress of a state of an earlier version of this plan over: keep "
                "unchanged successes, rerun what changed and what is downstream of it")
      ->excludes("--fresh");
  cmd->add_flag("--stats", o->stats, "print state-write timing at the end");
  cmd->add_option("--progress-interval", o->progress_interval_s,
                  "seconds between plain progress lines")
      ->check(CLI::PositiveNumber);
  cmd->callback([o, max_running, &exit_code] {
    if (*max_running > 0) o->max_running = *max_running;
    exit_code = run_backfill(*o, stderr);
  });
}

void register_status(CLI::App& app, int& exit_code) {
  struct Args {
    std::string plan, state, format = "text";
    int tail = 10;
    bool all = false;
  };
  auto a = std::make_shared<Args>();
  auto* cmd =
      app.add_subcommand("status", "show a plan's progress: task x date grid, counts, failures");
  cmd->add_option("plan", a->plan, "plan JSON")->required();
  cmd->add_option("--state", a->state, "state database (default: PLAN.state.db)");
  cmd->add_option("--format", a->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--tail", a->tail, "log lines shown per failed instance")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--all", a->all,
                "every root cause of failures with its log (text; the first 10 otherwise)");
  cmd->callback([a, &exit_code] {
    exit_code = status_command(a->plan, a->state, a->format, a->tail, a->all);
  });
}

void register_logs(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<LogsOptions>();
  auto* cmd = app.add_subcommand(
      "logs",
      "print an attempt's output (the latest by default), or prune succeeded attempts' logs");
  cmd->add_option("plan", o->plan_path, "plan JSON")->required();
  auto* instance =
      cmd->add_option("instance", o->instance, "instance id, e.g. events_daily@2024-03-01");
  cmd->add_option("--state", o->state_path, "state database (default: PLAN.state.db)");
  cmd->add_option("--attempt", o->attempt, "attempt number (default: the latest)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--follow", o->follow, "keep printing a running attempt's output until it ends");
  auto* prune = cmd->add_flag("--prune", o->prune,
                              "free the logs of succeeded attempts (failed ones are kept)");
  prune->excludes(instance);
  cmd->callback([o, instance, &exit_code] {
    if (!o->prune && instance->count() == 0) {
      std::fprintf(stderr, "bfc logs: error: give an instance id, or --prune\n");
      exit_code = kExitUsage;
      return;
    }
    exit_code = logs_command(*o, stderr);
  });
}

void register_operator(CLI::App& app, int& exit_code, const std::string& name,
                       const std::string& help) {
  auto a = std::make_shared<OperatorArgs>();
  auto* cmd = app.add_subcommand(name, help);
  cmd->add_option("plan", a->plan, "plan JSON")->required();
  cmd->add_option(
      "instances", a->instances,
      "instance ids or globs over ids, e.g. events_daily@2024-03-01 'events_*@2024-03-*'");
  // The selectors intersect (ids and globs are a union among themselves); at least one.
  cmd->add_option("--task", a->tasks, "only instances of this task (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--dates", a->dates,
                  "only these bizdates: YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, comma-separated")
      ->allow_extra_args(false);
  cmd->add_option("--status", a->statuses,
                  "only instances with this status: failed, waiting, running, succeeded, "
                  "dry_run, frozen (repeatable or comma-separated)")
      ->allow_extra_args(false);
  cmd->add_flag("--dry-run", a->dry_run, "list what would change; queue and change nothing");
  cmd->add_option("--state", a->state, "state database (default: PLAN.state.db)");
  if (name == "rerun" || name == "mark-success")
    cmd->add_flag("--downstream", a->downstream,
                  "also every instance that depends on them, transitively");
  cmd->add_option("--wait", a->wait_s, "seconds to wait for an active runner to apply the change")
      ->check(CLI::NonNegativeNumber);
  cmd->callback([a, name, &exit_code] { exit_code = operator_command(name, *a); });
}

}  // namespace

void register_runtime_commands(CLI::App& app, int& exit_code) {
  register_run(app, exit_code);
  register_status(app, exit_code);
  register_logs(app, exit_code);
  register_operator(app, exit_code, "rerun", "run instances again (a recorded success included)");
  register_operator(app, exit_code, "mark-success",
                    "record instances as succeeded without running them");
  register_operator(app, exit_code, "freeze", "hold instances: they do not start until unfrozen");
  register_operator(app, exit_code, "unfreeze", "release frozen instances");
}

}  // namespace bfc::cli
