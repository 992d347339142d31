// Parameter expressions evaluated per instance, for checked expressions only
// (sema/expr_check.h). An evaluator is a local working object: the plan stage makes one
// per emitted plan or summary, from the model and the checked params.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "frontend/ast.h"
#include "sema/expr_check.h"
#include "sema/expr_types.h"
#include "sema/model.h"

namespace bfc {

// Evaluates and renders expressions for one instance at a time, caching param values
// across instances while nothing they read changes.
class Evaluator {
 public:
  Evaluator(const Model& model, const CheckedParams& params);

  // Starts a new instance. Cached param values survive when nothing they read changed
  // (a `fmt(bizdate, ...)` param is computed once per date, not once per instance).
  void begin_instance(const InstanceEnv& env);
  // Renders a String expression with interpolation for the current instance.
  std::string render(const ast::Expr& str);
  // The same, appended to `out`.
  void render_to(const ast::Expr& str, std::string& out);
  // The value of an expression for the current instance.
  Value eval(const ast::Expr& e);

  // A value as text in a command (dates as YYYY-MM-DD, datetimes with seconds).
  static std::string to_text(const Value& v);
  // The same, appended to `out`.
  static void append_text(const Value& v, std::string& out);

 private:
  Value eval_name(const ast::Expr& e);
  Value eval_binary(const ast::Expr& e);
  Value eval_call(const ast::Expr& e);
  const Value& param_value(uint32_t index);
  void append_bizdate(std::string& out);

  const Model& model_;
  const CheckedParams& params_;
  std::vector<std::optional<Value>> cache_;
  std::vector<uint32_t> cached_;  // indices set in cache_ for the current instance
  InstanceEnv env_;
  bool have_env_ = false;
  int64_t bizdate_text_day_ = 0;  // `${bizdate}` of the last instance, memoized
  std::string bizdate_text_;
};

// Shell-quotes a string for POSIX sh ('...' with embedded quotes escaped).
std::string shell_quote(const std::string& s);

}  // namespace bfc
