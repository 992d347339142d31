// `bfc plan`: a human summary of a backfill, in the spirit of `terraform plan`.
#pragma once

#include <string>

#include "plan/instances.h"
#include "sema/expr_eval.h"

namespace bfc {

std::string plan_summary(const InstanceGraph& g, Evaluator& eval);

}  // namespace bfc
