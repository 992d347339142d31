// `bfc diff`: what changes between two versions of a plan, instance by instance, by their
// fingerprints and lineages (docs/diff.md). Works on loaded plans, whatever they came from.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/plan/plan.h"

namespace bfc::diff {

// One instance as the diff compares it: views into its plan (or its plan's text).
struct Entry {
  std::string_view id, task, bizdate;
  std::uint64_t fingerprint = 0, lineage = 0;
};

// One side of a diff: the plan's head (names, settings, groups), its instances as entries,
// and an instance's every field on demand (the report asks only for changed ones).
struct Side {
  const runtime::Plan* head = nullptr;
  std::vector<Entry> entries;
  std::function<const runtime::PlanInstance&(int)> full;
};

// A side over a plan loaded with all its instances.
Side side_of(const runtime::Plan& plan);

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
  const Side* old_side = nullptr;
  const Side* new_side = nullptr;
  Counts total;
  std::vector<std::pair<std::string, Counts>> tasks;  // every task of either plan, by name
  std::vector<ValueChange> plan_fields;               // backfill, today, initiator
  std::vector<ValueChange> settings;
  std::vector<ValueChange> groups;
  std::vector<int> added;    // into new_side
  std::vector<int> removed;  // into old_side
  std::vector<ChangedInstance> changed;
  std::vector<int> affected;  // into new_side
  // Whether anything differs that `--exit-code` reports (instances, settings, groups).
  bool any() const { return total.any() || !settings.empty() || !groups.empty(); }
};

// Compares two plans by id, fingerprint and lineage alone (the instances' other fields may be
// unread, diff/lean_load.h). Linear in their sizes (plus sorting the lists). The changed
// instances' `fields` are left empty: set_changed_fields fills them.
PlanDiff diff_plans(const Side& old_side, const Side& new_side);

// Names the fields that differ for each changed instance (reads them through Side::full).
void set_changed_fields(PlanDiff& d);

// One printable line of a command: the text of a shell command, or argv one item per line.
std::string command_text(const runtime::Command& c);

}  // namespace bfc::diff
