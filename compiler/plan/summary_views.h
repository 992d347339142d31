// The parts of `bfc plan` beside the text summary: instance commands in start order, the
// instance list (`--instances`) and the summary as JSON (`--format json`). docs/plan.md.
#pragma once

#include <string>
#include <vector>

#include "plan/instances.h"
#include "sema/expr_check.h"

namespace bfc {

// The command of each instance in `which`, rendered for that instance (empty when the
// task has no command); a list command is shell-quoted and joined by spaces.
std::vector<std::string> instance_commands(const InstanceGraph& g, const CheckedParams& params,
                                           const std::vector<uint32_t>& which);

// The first `count` instances in start order that run a command (dry runs left out).
std::vector<uint32_t> first_to_run(const InstanceGraph& g, size_t count);

// "First commands:": the first `count` instances in start order, multi-line commands
// shown line by line under the instance id.
std::string first_commands_text(const InstanceGraph& g, const CheckedParams& params, size_t count);

// `plan --instances`: a header, then one line per instance in start order: id, mode
// (run, dry-run), group, priority and the command's first line.
std::string instance_list(const InstanceGraph& g, const CheckedParams& params);

// `plan --format json`: the summary as one JSON document (shape in docs/plan.md).
std::string plan_summary_json(const InstanceGraph& g, const CheckedParams& params);

// `plan --format json` for a backfill with errors: the same shape's header only.
std::string plan_errors_json(const InstanceGraph& g);

}  // namespace bfc
