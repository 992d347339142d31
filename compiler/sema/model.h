// The semantic model: resolved workspaces, params, tasks, policies and backfills, with
// every value typed and range-checked and every name resolved to an index.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "frontend/ast.h"
#include "sema/cron.h"

namespace bfc {

// "No index": a task without a workspace, a name that did not resolve.
constexpr uint32_t kNone = UINT32_MAX;

// A `workspace`: a namespace for tasks, optionally restricted to its members.
struct Workspace {
  std::string name;
  Span span;
  bool restricted = false;           // `members` given
  std::vector<std::string> members;  // who may backfill its tasks
};

// A plan-wide `param name = expr;`.
struct Param {
  std::string name;
  Span span;
  const ast::Expr* value = nullptr;
};

// The kinds of `cycle`.
enum class CycleKind : uint8_t { Daily, Hourly, Every, Weekly, Monthly, Cron };

// How a task cuts time into intervals.
struct Cycle {
  CycleKind kind = CycleKind::Daily;
  int64_t every_minutes = 0;  // Every: divides a day
  int weekday = 0;            // Weekly: 0 = Monday
  int month_day = 1;          // Monthly: 1..28
  CronSpec cron;              // Cron
  std::string text;           // as written, for display
  // Whether it cuts a day into several intervals (ids then carry the time).
  bool sub_daily() const {
    return kind == CycleKind::Hourly || kind == CycleKind::Every || kind == CycleKind::Cron;
  }
};

// One `after` entry: this task depends on `task`, shifted by `offset_minutes` (<= 0 looks back).
struct Dep {
  uint32_t task = kNone;
  int64_t offset_minutes = 0;
  Span span;
};

// A `task`: what runs, on which cycle, after which tasks.
struct Task {
  std::string name;
  Span name_span;
  Span span;
  uint32_t workspace = kNone;
  Cycle cycle;
  Span cycle_span;
  int64_t at_minutes = 0;
  std::vector<Dep> deps;
  bool self_dependent = false;
  Span self_dependent_span;  // the `self_dependent` property, when set
  int64_t retries = 0;
  int64_t retry_delay_s = 0;
  std::optional<int64_t> timeout_s;
  const ast::Expr* command = nullptr;  // String, or List of Strings (exec form)
  Span command_span;
  int priority = 1;
  std::vector<std::string> tags;
  std::string image;  // container image; empty: the backfill's or its policy's, if any
};

// When an alert command runs.
enum class AlertOn : uint8_t { Failure, Success, Always };

// Backfill settings; a policy holds the same and a backfill starts from its policy.
struct Settings {
  std::optional<int64_t> parallel, max_running, throttle_s;
  std::optional<bool> descending, run_future;
  Span order_span;                                    // the `order` property that set `descending`
  std::optional<std::pair<int64_t, int64_t>> window;  // minutes of day, inclusive
  std::optional<std::pair<int64_t, int64_t>> hours;   // minutes of day, inclusive
  std::optional<AlertOn> alert_on;
  const ast::Expr* alert_command = nullptr;
  std::optional<int64_t> max_roots, max_tasks, max_instances;
  std::optional<std::string> image;  // for the tasks that name none themselves
  void apply(const Settings& over);  // fields set in `over` win
};

// A `policy`: named settings that backfills `use`.
struct Policy {
  std::string name;
  Span span;
  Settings settings;
};

// A `backfill`: which tasks to run over which dates, and how.
struct Backfill {
  std::string name;
  Span name_span;
  Span span;
  Settings settings;  // policy applied, then the backfill's own
  std::string initiator;
  Span initiator_span;
  const ast::Expr* select = nullptr;
  const ast::Expr* exclude = nullptr;
  std::vector<int64_t> dates;  // sorted, unique (days since epoch)
  Span dates_span;
  Span hours_span;
};

// The resolved program: every declaration by kind, with name -> index maps.
struct Model {
  std::vector<Workspace> workspaces;
  std::vector<Param> params;
  std::vector<Task> tasks;
  std::vector<Policy> policies;
  std::vector<Backfill> backfills;
  std::map<std::string, uint32_t> task_index, workspace_index, param_index, policy_index,
      backfill_index;
  std::string stdlib_dir;  // the program's stdlib, for "defined in `std/...`" hints
};

}  // namespace bfc
