// The plan emitter: writes a bfc-plan/1 JSON document, streaming instance by instance
// (no DOM of the whole plan), keys in a fixed order, byte-identical for the same input.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "frontend/loader.h"
#include "plan/instances.h"
#include "sema/expr_check.h"

namespace bfc {

// Receives the plan in chunks of about 1 MiB, in order; returns false on a write error
// (then the emitter stops).
using ByteSink = std::function<bool(std::string_view)>;

// Writes the plan to `sink`, rendering commands from the checked params. Returns false
// when the sink failed.
bool emit_plan(const ByteSink& sink, const Program& prog, const InstanceGraph& g,
               const CheckedParams& params);

// The whole plan as one string (tests, small plans).
std::string plan_json(const Program& prog, const InstanceGraph& g, const CheckedParams& params);

}  // namespace bfc
