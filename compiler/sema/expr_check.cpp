#include "sema/expr_check.h"

#include "frontend/stdlib_index.h"

#include <fmt/format.h>

#include <cctype>
#include <string>

namespace bfc {

using ast::Expr;
using ast::ExprKind;

namespace {

const std::vector<std::string> kBuiltinNames = {"bizdate",   "interval_start", "interval_end",
                                                "cyctime",   "task",           "backfill",
                                                "workspace", "status"};
const std::vector<std::string> kFunctions = {"fmt",        "add_months", "month_start", "month_end",
                                             "week_start", "date",       "quote"};

Type builtin_type(const std::string& n) {
  if (n == "bizdate") return Type::Date;
  if (n == "interval_start" || n == "interval_end" || n == "cyctime") return Type::DateTime;
  if (n == "task" || n == "backfill" || n == "workspace" || n == "status") return Type::String;
  return Type::Error;
}

bool looks_like_shell_var(const std::string& n) {
  if (n.empty()) return false;
  bool upper = true;
  for (char c : n)
    if (std::islower(static_cast<unsigned char>(c))) upper = false;
  return upper;
}

// The ReadBits of `e`; `param_reads(index)` answers for the params it names.
template <class ParamReads>
uint8_t reads_of(const Model& model, const Expr& e, ParamReads&& param_reads) {
  uint8_t r = 0;
  switch (e.kind) {
    case ExprKind::Name: {
      if (uint8_t b = builtin_reads(e.text)) return b;
      auto it = model.param_index.find(e.text);
      return it == model.param_index.end() ? 0 : param_reads(it->second);
    }
    case ExprKind::String:
      for (const auto& p : e.parts)
        if (p.expr) r |= reads_of(model, *p.expr, param_reads);
      return r;
    default:
      for (const auto& x : e.items) r |= reads_of(model, *x, param_reads);
      return r;
  }
}

// The ReadBits of every param, each computed once, following the params it names.
class ParamReadsPass {
 public:
  explicit ParamReadsPass(const Model& model)
      : model_(model), reads_(model.params.size(), 0), state_(model.params.size(), 0) {}

  std::vector<uint8_t> run() && {
    for (uint32_t i = 0; i < model_.params.size(); ++i) param(i);
    return std::move(reads_);
  }

 private:
  uint8_t param(uint32_t idx) {
    if (state_[idx] == 2) return reads_[idx];
    if (state_[idx] == 1) return kReadsAll;  // recursive (already reported): never reuse
    state_[idx] = 1;
    uint8_t r =
        reads_of(model_, *model_.params[idx].value, [this](uint32_t i) { return param(i); });
    state_[idx] = 2;
    reads_[idx] = r;
    return r;
  }

  const Model& model_;
  std::vector<uint8_t> reads_;
  std::vector<uint8_t> state_;  // 0 unknown, 1 computing, 2 done
};

// Types expressions, reporting mistakes; a param's type is computed on first use.
class TypeChecker {
 public:
  TypeChecker(const Model& model, DiagnosticSink& diags)
      : model_(model),
        diags_(diags),
        types_(model.params.size(), Type::Error),
        state_(model.params.size(), 0) {}

  Type param_type(uint32_t index);
  void check_command(const Expr& e, ExprContext ctx);
  Type check(const Expr& e, ExprContext ctx);
  std::vector<Type> take_types() && { return std::move(types_); }

 private:
  Type check_name(const Expr& e, ExprContext ctx);
  Type check_binary(const Expr& e, ExprContext ctx);
  Type check_call(const Expr& e, ExprContext ctx);
  Type unknown_function(const Expr& e);

  const Model& model_;
  DiagnosticSink& diags_;
  std::vector<Type> types_;
  std::vector<uint8_t> state_;  // 0 unchecked, 1 checking, 2 done
};

Type TypeChecker::param_type(uint32_t index) {
  if (state_[index] == 2) return types_[index];
  const Param& p = model_.params[index];
  if (state_[index] == 1) {
    diags_.report(DiagCode::E0307, p.span, fmt::format("param `{}` refers to itself", p.name));
    state_[index] = 2;
    return Type::Error;
  }
  state_[index] = 1;
  Type t = check(*p.value, ExprContext::Instance);
  types_[index] = t;
  state_[index] = 2;
  return t;
}

void TypeChecker::check_command(const Expr& e, ExprContext ctx) {
  if (e.kind == ExprKind::List) {
    if (e.items.empty())
      diags_.report(DiagCode::E0301, e.span, "a command list needs at least the program name");
    for (const auto& item : e.items) {
      if (item->kind != ExprKind::String)
        diags_.report(DiagCode::E0301, item->span,
                      "each element of a command list must be a string");
      else
        check(*item, ctx);
    }
    return;
  }
  if (e.kind != ExprKind::String) {
    diags_.report(DiagCode::E0301, e.span, "a command is a string, a heredoc or a list of strings");
    return;
  }
  check(e, ctx);
}

Type TypeChecker::check_name(const Expr& e, ExprContext ctx) {
  Type b = builtin_type(e.text);
  if (b != Type::Error) {
    if (e.text == "status" && ctx != ExprContext::Alert) {
      diags_.report(DiagCode::E0208, e.span, "`status` is only known in alert commands");
      return Type::Error;
    }
    return b;
  }
  auto it = model_.param_index.find(e.text);
  if (it != model_.param_index.end()) return param_type(it->second);
  auto& d = diags_.report(DiagCode::E0208, e.span, fmt::format("unknown name `{}`", e.text));
  if (diags_.dropped(d)) return Type::Error;
  std::string hint = stdlib_hint(model_.stdlib_dir, e.text, ast::DeclKind::Param);
  if (!hint.empty()) {
    d.notes.push_back({Span{}, hint});
  } else if (looks_like_shell_var(e.text)) {
    d.notes.push_back({Span{}, fmt::format("write `$${{{}}}` for a shell variable", e.text)});
  } else {
    std::vector<std::string> names = kBuiltinNames;
    for (const auto& p : model_.params) names.push_back(p.name);
    std::string best = closest_match(e.text, names);
    if (!best.empty()) d.notes.push_back({Span{}, fmt::format("did you mean `{}`?", best)});
  }
  return Type::Error;
}

Type TypeChecker::check(const Expr& e, ExprContext ctx) {
  switch (e.kind) {
    case ExprKind::Int:
      return Type::Int;
    case ExprKind::Bool:
      return Type::Bool;
    case ExprKind::Duration:
      return Type::Duration;
    case ExprKind::Date:
      return Type::Date;
    case ExprKind::Time:
      return Type::Time;
    case ExprKind::DateTime:
      return Type::DateTime;
    case ExprKind::String:
      for (const auto& p : e.parts)
        if (p.expr) check(*p.expr, ctx);
      return Type::String;
    case ExprKind::Name:
      return check_name(e, ctx);
    case ExprKind::Call:
      return check_call(e, ctx);
    case ExprKind::Unary: {
      Type t = check(*e.items[0], ctx);
      if (t == Type::Int || t == Type::Duration || t == Type::Error) return t;
      diags_.report(DiagCode::E0301, e.span, fmt::format("cannot negate a {}", type_name(t)));
      return Type::Error;
    }
    case ExprKind::Binary:
      return check_binary(e, ctx);
    case ExprKind::List:
    case ExprKind::Range:
    case ExprKind::Index:
      diags_.report(DiagCode::E0301, e.span,
                    "lists, ranges and offsets are not allowed in a parameter expression");
      return Type::Error;
  }
  return Type::Error;
}

Type TypeChecker::check_binary(const Expr& e, ExprContext ctx) {
  Type l = check(*e.items[0], ctx), r = check(*e.items[1], ctx);
  if (l == Type::Error || r == Type::Error) return Type::Error;
  char op = e.op;
  if (op == '+' || op == '-') {
    if (l == Type::Int && r == Type::Int) return Type::Int;
    if (l == Type::Duration && r == Type::Duration) return Type::Duration;
    if (l == Type::DateTime && r == Type::Duration) return Type::DateTime;
    if (l == Type::Date && r == Type::Duration) {
      auto d = const_duration(*e.items[1]);
      return d && *d % 86400 == 0 ? Type::Date : Type::DateTime;
    }
    if (op == '+' && l == Type::String && r == Type::String) return Type::String;
  }
  if ((op == '*' || op == '/' || op == '%') && l == Type::Int && r == Type::Int) return Type::Int;
  if (op == '*' && l == Type::Duration && r == Type::Int) return Type::Duration;
  diags_.report(DiagCode::E0301, e.span,
                fmt::format("cannot apply `{}` to {} and {}", op, type_name(l), type_name(r)));
  return Type::Error;
}

Type TypeChecker::check_call(const Expr& e, ExprContext ctx) {
  std::vector<Type> args;
  for (const auto& a : e.items) args.push_back(check(*a, ctx));
  for (Type t : args)
    if (t == Type::Error) return Type::Error;
  auto arity = [&](size_t n) {
    if (args.size() == n) return true;
    diags_.report(
        DiagCode::E0305, e.span,
        fmt::format("`{}` takes {} argument{}, not {}", e.text, n, n == 1 ? "" : "s", args.size()));
    return false;
  };
  auto want = [&](size_t i, std::initializer_list<Type> ok) {
    for (Type t : ok)
      if (args[i] == t) return true;
    std::string names;
    for (Type t : ok) names += (names.empty() ? "" : " or ") + std::string(type_name(t));
    diags_.report(DiagCode::E0301, e.items[i]->span,
                  fmt::format("argument {} of `{}` must be a {}, not a {}", i + 1, e.text, names,
                              type_name(args[i])));
    return false;
  };
  const std::string& f = e.text;
  if (f == "fmt") {
    if (!arity(2) || !want(0, {Type::Date, Type::DateTime, Type::Time}) || !want(1, {Type::String}))
      return Type::Error;
    return Type::String;
  }
  if (f == "add_months") {
    if (!arity(2) || !want(0, {Type::Date}) || !want(1, {Type::Int})) return Type::Error;
    return Type::Date;
  }
  if (f == "month_start" || f == "month_end" || f == "week_start" || f == "date") {
    if (!arity(1) || !want(0, {Type::Date, Type::DateTime})) return Type::Error;
    return Type::Date;
  }
  if (f == "quote") return arity(1) ? Type::String : Type::Error;
  return unknown_function(e);
}

Type TypeChecker::unknown_function(const Expr& e) {
  auto& d =
      diags_.report(DiagCode::E0305, e.name_span, fmt::format("unknown function `{}`", e.text));
  std::string best = closest_match(e.text, kFunctions);
  if (!best.empty()) d.notes.push_back({Span{}, fmt::format("did you mean `{}`?", best)});
  return Type::Error;
}

}  // namespace

CheckedParams check_expressions(const Model& model, DiagnosticSink& diags) {
  TypeChecker checker(model, diags);
  for (uint32_t i = 0; i < model.params.size(); ++i) checker.param_type(i);
  for (const Task& t : model.tasks)
    if (t.command) checker.check_command(*t.command, ExprContext::Instance);
  for (const Backfill& b : model.backfills)
    if (b.settings.alert_command)
      checker.check_command(*b.settings.alert_command, ExprContext::Alert);
  return CheckedParams{std::move(checker).take_types(), ParamReadsPass(model).run()};
}

uint8_t expr_reads(const Model& model, const CheckedParams& params, const Expr& e) {
  return reads_of(model, e, [&](uint32_t i) { return params.reads[i]; });
}

}  // namespace bfc
