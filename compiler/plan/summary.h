// `bfc plan`: a human summary of a backfill, in the spirit of `terraform plan`.
#pragma once

#include <string>

#include "plan/instances.h"
#include "sema/expr_check.h"

namespace bfc {

// The summary of one backfill's instance graph; commands rendered from the checked params.
std::string plan_summary(const InstanceGraph& g, const CheckedParams& params);

// What `plan` prints instead of the summary when the backfill has errors.
std::string plan_has_errors(const InstanceGraph& g);

}  // namespace bfc
