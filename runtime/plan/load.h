// Loading a bfc-plan/1 document: schema validation plus the cross-reference checks a JSON
// Schema cannot express, then the indexes the scheduler needs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runtime/plan/plan.h"

namespace bfc::runtime {

// Why a plan could not be loaded: unreadable (exit 2) or invalid (exit 1).
struct PlanError {
  bool io = false;                    // true: file problem, false: content problem
  std::vector<std::string> messages;  // each a complete line without the "path: " prefix
};

// Reads, validates (schema + references + cycles) and indexes a plan file.
// On failure returns nullopt and fills `error`.
std::optional<Plan> load_plan(const std::string& path, PlanError& error);

// Same as load_plan, from text already in memory (path is only used in messages).
// `allow_fast` = false skips the fast path for plainly valid plans (sax_reader.h; tests).
std::optional<Plan> parse_plan(const std::string& text, const std::string& path, PlanError& error,
                               bool allow_fast = true);

}  // namespace bfc::runtime
