// The bfc-plan/2 document (or a bfc-plan/1 one, read the same way) as plain structs
// (runtime/plan/load.h reads one from disk).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace bfc::runtime {

// The schema's upper bounds: counts (parallel, max_running, group ids, retries) fit an int;
// durations in seconds (throttle, retry delay, timeout) are at most 100 years, the
// compiler's limit for a duration.
inline constexpr std::int64_t kMaxCount = 2147483647;
inline constexpr std::int64_t kMaxSeconds = 3153600000;

// A command: either one string for /bin/sh -c (run as its words when it has no shell
// syntax), or an argv list executed directly.
struct Command {
  bool is_list = false;           // true: argv executed directly (PATH searched), no shell
  std::string text;               // the shell command when !is_list
  std::vector<std::string> argv;  // the argument vector when is_list
};

// Daily start window; end < start means it crosses midnight. Minutes of the day, inclusive.
struct PlanWindow {
  int start_min = 0;  // first allowed minute (HH*60+MM)
  int end_min = 0;    // last allowed minute, inclusive to its 59th second
  std::string text;   // "22:00..06:00", for messages
};

// When the alert command runs.
enum class PlanAlertOn { Failure, Success, Always };

// The end-of-backfill notification.
struct PlanAlert {
  PlanAlertOn on = PlanAlertOn::Failure;
  Command command;  // still contains the literal ${status}
};

// Backfill-wide execution settings.
struct PlanSettings {
  int parallel = 1;                  // number of date groups (informational for the runtime)
  bool descending = false;           // date order (informational; groups already ordered)
  std::int64_t throttle_s = 0;       // minimum seconds between two starts
  std::optional<int> max_running;    // nullopt = number of cores
  std::optional<PlanWindow> window;  // starts only inside this daily window
  std::optional<PlanAlert> alert;    // run at the end, if any
  bool run_future = false;           // informational
};

// One group of dates that run one after another (day barriers).
struct PlanGroup {
  int id = 0;
  std::vector<std::string> dates;  // in run order
};

// One (task, interval) instance.
struct PlanInstance {
  std::string id;  // "task@2024-03-01" or "task@2024-03-01T05:00"
  std::string task;
  std::string workspace;       // empty when null
  std::string interval_start;  // "YYYY-MM-DDTHH:MM"
  std::string interval_end;
  std::string bizdate;  // "YYYY-MM-DD"
  std::string cyctime;
  std::string not_before;      // "YYYY-MM-DDTHH:MM" local: no start before it; empty = no wait
  int group = 0;               // PlanGroup::id
  int priority = 5;            // larger runs first
  bool dry_run = false;        // succeeds at once without running
  std::string dry_run_reason;  // "excluded" / "no_permission" / "not_selected" / empty
  Command command;
  std::string image;  // container image for `bfc export` (task, policy or backfill); empty: none
  int retries = 0;    // extra attempts after the first failure
  std::int64_t retry_delay_s = 0;
  std::optional<std::int64_t> timeout_s;
  std::vector<std::string> deps;           // ids inside this plan
  std::vector<std::string> external_deps;  // assumed satisfied
  // What the instance does and writes, and the same including everything upstream of it
  // (docs/plan-format.md "Fingerprints"); computed by the loader for a bfc-plan/1 plan.
  std::uint64_t fingerprint = 0;
  std::uint64_t lineage = 0;
  bool has_fingerprint = false;  // read from the plan (always, in bfc-plan/2)

  // Filled by load_plan: indexes into Plan::instances / Plan::groups and date position.
  std::vector<int> dep_index;
  int group_index = 0;
  int date_index = 0;  // its day barrier: last date of its group (run order) its interval covers
};

// A whole plan.
struct Plan {
  int format = 2;      // the N of "bfc-plan/N"
  std::string path;    // where it was read from
  std::string sha256;  // of the file bytes: the plan's identity in the state
  std::string backfill;
  std::string today;
  std::string initiator;
  PlanSettings settings;
  std::vector<PlanGroup> groups;
  std::vector<PlanInstance> instances;  // in plan order
  // id -> position in instances. The keys view the instances' ids: the index is built once
  // the instances are complete (a moved Plan keeps it, a copied one rebuilds it).
  std::unordered_map<std::string_view, int> index;
  // True for an outline read from the state (runtime/state/outline.h): ids, tasks and dates only.
  bool outline_only = false;

  Plan() = default;
  Plan(Plan&&) noexcept = default;
  Plan& operator=(Plan&&) noexcept = default;
  Plan(const Plan& other) { *this = other; }
  Plan& operator=(const Plan& other) {  // every member above: keep in step with them
    if (this == &other) return *this;
    format = other.format;
    path = other.path;
    sha256 = other.sha256;
    backfill = other.backfill;
    today = other.today;
    initiator = other.initiator;
    settings = other.settings;
    groups = other.groups;
    instances = other.instances;
    outline_only = other.outline_only;
    index.clear();
    index.reserve(other.index.size());
    for (const auto& [id, i] : other.index) index.emplace(instances[i].id, i);
    return *this;
  }

  // Returns the position of an instance id, or -1.
  int find(std::string_view id) const {
    auto it = index.find(id);
    return it == index.end() ? -1 : it->second;
  }
};

}  // namespace bfc::runtime
