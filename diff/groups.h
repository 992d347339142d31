// Instances of a diff grouped for reading: one entry per task (and, for changed instances,
// per set of changed fields), its dates as ranges, so that a year of one task reads as one.
#pragma once

#include <string>
#include <vector>

#include "diff/plan_diff.h"

namespace bfc::diff {

// One group: a task, the changed fields (changed instances only), and its instances.
struct Group {
  std::string task;
  std::vector<std::string> fields;
  std::vector<int> instances;  // into the plan the list refers to
  std::string dates;           // "2024-01-01..2024-01-31, 2024-02-03"
};

// Groups of added, removed or affected instances (indices into `side`).
std::vector<Group> group_by_task(const Side& side, const std::vector<int>& list);
// Groups of changed instances; `instances` are positions in d.changed.
std::vector<Group> group_changed(const PlanDiff& d);

// A changed group's fields, comma-separated ("command, interval").
std::string joined_fields(const Group& g);
// The unified diff of the command of the group's first changed instance (empty when only
// other fields changed); the group's other instances differ alike.
std::string first_command_diff(const PlanDiff& d, const Group& g);

// Sorted, distinct "YYYY-MM-DD" dates as ranges of consecutive days.
std::string date_ranges(std::vector<std::string> dates);

// A unified diff of two texts (line by line), with the given header names; empty when equal.
std::string unified_diff(const std::string& old_text, const std::string& new_text,
                         const std::string& old_name, const std::string& new_name);

}  // namespace bfc::diff
