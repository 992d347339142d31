// Parameter expressions, checked once with spans: the types of params and commands, and
// which per-instance values each param reads. The result is plain data that the plan
// stage evaluates with (sema/expr_eval.h).
#pragma once

#include <cstdint>
#include <vector>

#include "frontend/ast.h"
#include "sema/expr_types.h"
#include "sema/model.h"
#include "support/diagnostics.h"

namespace bfc {

// What type checking learned about the model's params, indexed like `Model::params`.
struct CheckedParams {
  std::vector<Type> types;     // Type::Error where a mistake was reported
  std::vector<uint8_t> reads;  // ReadBits: the instance values a param's value depends on
};

// Type-checks every param (self-reference, unknown names, type errors), then every task
// command and every alert command, reporting in that order.
CheckedParams check_expressions(const Model& model, DiagnosticSink& diags);

// The ReadBits an expression reads, directly or through the params it names.
uint8_t expr_reads(const Model& model, const CheckedParams& params, const ast::Expr& e);

}  // namespace bfc
