// Parameter expressions: type checking (once, with spans) and evaluation per instance.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "frontend/ast.h"
#include "sema/model.h"
#include "support/diagnostics.h"

namespace bfc {

enum class Type : uint8_t { Error, Int, Bool, Duration, Date, Time, DateTime, String };
const char* type_name(Type t);

// A runtime value. Int/Bool/Duration (seconds)/Date (days)/Time (minutes of day)/
// DateTime (minutes) live in `i`; strings in `s`.
struct Value {
  Type type = Type::Error;
  int64_t i = 0;
  std::string s;
};

// The per-instance values that expressions can read.
struct InstanceEnv {
  int64_t bizdate = 0;         // days
  int64_t interval_start = 0;  // minutes
  int64_t interval_end = 0;
  int64_t cyctime = 0;
  const std::string* task = nullptr;
  const std::string* backfill = nullptr;
  const std::string* workspace = nullptr;
  const std::string* status = nullptr;  // alerts only
};

// Where an expression appears; decides which built-in names it may use.
enum class ExprContext : uint8_t { Instance, Alert };

class Evaluator {
 public:
  explicit Evaluator(const Model& model);

  // Type-checks every param (reporting cycles, unknown names, type errors).
  void check_params(DiagnosticSink& diags);
  // Type-checks a string or list-of-strings command (or any interpolated string).
  void check_command(const ast::Expr& e, ExprContext ctx, DiagnosticSink& diags);
  Type check(const ast::Expr& e, ExprContext ctx, DiagnosticSink& diags);

  // Starts a new instance. Cached param values survive when nothing they read changed
  // (a `fmt(bizdate, ...)` param is computed once per date, not once per instance).
  void begin_instance(const InstanceEnv& env);
  // Renders a String expression with interpolation for the current instance.
  std::string render(const ast::Expr& str);
  // The same, appended to `out`.
  void render_to(const ast::Expr& str, std::string& out);
  Value eval(const ast::Expr& e);
  // True when the expression (or params it uses) reads an instance date or time.
  bool uses_date(const ast::Expr& e) const;

  static std::string to_text(const Value& v);
  static void append_text(const Value& v, std::string& out);

 private:
  Type param_type(uint32_t index, DiagnosticSink& diags);
  Type check_call(const ast::Expr& e, ExprContext ctx, DiagnosticSink& diags);
  Type check_name(const ast::Expr& e, ExprContext ctx, DiagnosticSink& diags);
  Value eval_call(const ast::Expr& e);
  const Value& param_value(uint32_t index);
  // Which instance values (InstanceEnv fields, as kReads* bits) an expression reads.
  uint8_t reads(const ast::Expr& e);
  uint8_t param_reads(uint32_t index);

  const Model& model_;
  std::vector<Type> param_types_;
  std::vector<uint8_t> param_state_;  // 0 unchecked, 1 checking, 2 done
  std::vector<std::optional<Value>> cache_;
  std::vector<uint32_t> cached_;  // indices set in cache_ for the current instance
  std::vector<uint8_t> param_reads_;        // kReads* bits per param
  std::vector<uint8_t> param_reads_state_;  // 0 unknown, 1 computing, 2 done
  InstanceEnv env_;
  bool have_env_ = false;
  int64_t bizdate_text_day_ = 0;  // `${bizdate}` of the last instance, memoized
  std::string bizdate_text_;
};

// Shell-quotes a string for POSIX sh ('...' with embedded quotes escaped).
std::string shell_quote(const std::string& s);

}  // namespace bfc
