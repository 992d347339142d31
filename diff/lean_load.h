// Reading a plan for `bfc diff` only: one pass over the JSON keeps each instance's id, task,
// bizdate, fingerprint and lineage and where its object is in the text; the head (settings,
// groups) is validated by the runtime's loader; the other fields of an instance are read
// later, for the few instances the report shows (hydrate). A 730k-instance plan is read in
// about a second instead of the full loader's several (docs/diff.md, bench/diff).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <unordered_map>

#include "diff/plan_diff.h"
#include "runtime/plan/plan.h"

namespace bfc::diff {

// A plan read for diffing. Either `plan` has every instance (the full loader's result), or
// it is the head only and `entries` are views into `text`, an instance's fields being read
// from the text when asked for (hydrate).
struct LeanPlan {
  runtime::Plan plan;
  std::shared_ptr<const void> keep;  // owns the bytes `text` views (a string or a mapping)
  std::string_view text;
  std::vector<Entry> entries;
  std::vector<std::size_t> begin, end;  // each instance's object in `text`
  std::unordered_map<int, runtime::PlanInstance> hydrated;
  bool lean = false;
};

// Reads `text` (a bfc-plan/2 or /1 document; a /1 plan is read by the full loader, which
// computes its fingerprints). On a plan neither can take, the full loader's messages are
// returned in `errors`.
std::optional<LeanPlan> lean_load(std::string_view text, std::shared_ptr<const void> keep,
                                  const std::string& name, std::vector<std::string>& errors);

// The bytes of the file at `path`, mapped read-only (no copy; a plan can be hundreds of
// megabytes), and what keeps them mapped. nullopt when the file cannot be read.
std::optional<std::pair<std::string_view, std::shared_ptr<const void>>> map_file(
    const std::string& path);
// The same for an open regular file (it may be closed afterwards; the mapping stays).
std::optional<std::pair<std::string_view, std::shared_ptr<const void>>> map_fd(int fd);

// Every field of instance `i`, read from the text the first time it is asked for.
const runtime::PlanInstance& hydrate(LeanPlan& p, int i);

// The diff's view of `p`; `p` must outlive it (and not move).
Side side_of(LeanPlan& p);

}  // namespace bfc::diff
