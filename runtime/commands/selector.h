// Which instances an operator command (`bfc rerun|mark-success|freeze|unfreeze`) names:
// ids and fnmatch globs over ids (a union), intersected with --task, --dates and --status.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/plan/plan.h"
#include "runtime/state/state.h"

namespace bfc::runtime {

// A malformed selector argument (a bad date range or status); the message names it.
class SelectorError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An inclusive range of bizdates, "YYYY-MM-DD" each (from == to for one day).
struct DateRange {
  std::string from, to;
};

struct Selector {
  std::vector<std::string> patterns;                // instance ids or globs (`*`, `?`, `[...]`)
  std::vector<std::string> tasks;                   // --task
  std::vector<DateRange> dates;                     // --dates
  std::vector<Status> statuses;                     // --status
  std::vector<std::string> date_args, status_args;  // as typed, for messages

  bool empty() const {
    return patterns.empty() && tasks.empty() && dates.empty() && statuses.empty();
  }
  // The selectors as a command line would give them, e.g. "'events_*' --task a --dates
  // 2024-03-01..2024-03-05" (the audit log records this for large selections).
  std::string text() const;
};

// Parses `--dates RANGE[,RANGE]` (RANGE: YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD) into `s`.
// Throws SelectorError naming the argument.
void add_dates(Selector& s, const std::string& arg);
// Parses `--status NAME[,NAME]` into `s`. Throws SelectorError naming the argument.
void add_statuses(Selector& s, const std::string& arg);

// True when `pattern` has glob characters; otherwise it is an exact instance id.
bool is_glob(const std::string& pattern);

// The outcome of a selection: plan positions in plan order, or why there are none.
struct Selection {
  std::vector<int> instances;
  std::string error;  // non-empty: an unknown id or task, or nothing matched (says what did)
};

// Selects from `plan`; `states` (plan order) are the recorded states, needed for --status
// only (empty: every instance counts as waiting, as in a state not created yet).
Selection select_instances(const Plan& plan, const std::vector<InstanceState>& states,
                           const Selector& s);

}  // namespace bfc::runtime
