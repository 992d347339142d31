// `bfc diff`: what changes between two versions of a plan, instance by instance, by their
// fingerprints and lineages (docs/diff.md). Works on loaded plans, whatever they came from.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/plan/plan.h"

namespace bfc::diff {

// How an instance of either plan compares with its namesake in the other.
enum class Change : uint8_t { Unchanged, Added, Removed, Changed, Affected };

// A fingerprinted field of a changed instance ("command", "mode", "interval", ...).
struct ChangedInstance {
  int old_index = -1, new_index = -1;
  std::vector<std::string> fields;
};

// Counts for one task (or the whole plan).
struct Counts {
  std::size_t added = 0, removed = 0, changed = 0, affected = 0, unchanged = 0;
  bool any() const { return added + removed + changed + affected > 0; }
};

// A setting or a group that differs: its name and both values as text ("none" if absent).
struct ValueChange {
  std::string name, old_value, new_value;
};

// The whole comparison. Index lists are sorted by (task, id).
struct PlanDiff {
  const runtime::Plan* old_plan = nullptr;
  const runtime::Plan* new_plan = nullptr;
  Counts total;
  std::vector<std::pair<std::string, Counts>> tasks;  // every task of either plan, by name
  std::vector<ValueChange> plan_fields;               // backfill, today, initiator
  std::vector<ValueChange> settings;
  std::vector<ValueChange> groups;
  std::vector<int> added;    // into new_plan
  std::vector<int> removed;  // into old_plan
  std::vector<ChangedInstance> changed;
  std::vector<int> affected;  // into new_plan
  // Whether anything differs that `--exit-code` reports (instances, settings, groups).
  bool any() const { return total.any() || !settings.empty() || !groups.empty(); }
};

// Compares two plans by id, fingerprint and lineage alone (the instances' other fields may be
// unread, diff/lean_load.h). Linear in their sizes (plus sorting the lists). The changed
// instances' `fields` are left empty: set_changed_fields fills them.
PlanDiff diff_plans(const runtime::Plan& old_plan, const runtime::Plan& new_plan);

// Names the fields that differ for each changed instance; both plans' changed instances
// must have all their fields read.
void set_changed_fields(PlanDiff& d);

// One printable line of a command: the text of a shell command, or argv one item per line.
std::string command_text(const runtime::Command& c);

}  // namespace bfc::diff
