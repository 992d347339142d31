// Reading a plan for `bfc diff` only: one pass over the JSON keeps each instance's id, task,
// bizdate, fingerprint and lineage and where its object is in the text; the head (settings,
// groups) is validated by the runtime's loader; the other fields of an instance are read
// later, for the few instances the report shows (hydrate). A 730k-instance plan is read in
// about a second instead of the full loader's several (docs/diff.md, bench/diff).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "runtime/plan/plan.h"

namespace bfc::diff {

// A plan whose instances carry id, task, bizdate, fingerprint and lineage only, until
// hydrated. `text` is the plan's JSON, kept for hydrate().
struct LeanPlan {
  runtime::Plan plan;
  std::string text;
  std::vector<std::size_t> begin, end;  // each instance's object in `text`
  std::vector<bool> hydrated;
};

// Reads `text` (a bfc-plan/2 or /1 document; a /1 plan is read by the full loader, which
// computes its fingerprints). On a plan the lean reader cannot take, the full loader's
// messages are returned in `errors`.
std::optional<LeanPlan> lean_load(std::string text, const std::string& name,
                                  std::vector<std::string>& errors);

// Reads every field of instance `i` from the text (once).
void hydrate(LeanPlan& p, int i);

}  // namespace bfc::diff
