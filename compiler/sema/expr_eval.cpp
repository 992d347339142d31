#include "sema/expr_eval.h"

#include <fmt/format.h>

#include <cctype>

#include "support/calendar.h"
#include "common/int_math.h"

namespace bfc {

using ast::Expr;
using ast::ExprKind;

namespace {

const std::vector<std::string> kBuiltinNames = {"bizdate", "interval_start", "interval_end", "cyctime",
                                                "task",    "backfill",       "workspace",    "status"};
const std::vector<std::string> kFunctions = {"fmt", "add_months", "month_start", "month_end",
                                             "week_start", "date", "quote"};

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


// The value of a constant duration expression, if it is one.
std::optional<int64_t> const_duration(const Expr& e) {
  if (e.kind == ExprKind::Duration) return e.int_value;
  if (e.kind == ExprKind::Unary && e.items.size() == 1) {
    auto v = const_duration(*e.items[0]);
    if (v) return -*v;
  }
  return std::nullopt;
}

}  // namespace

const char* type_name(Type t) {
  switch (t) {
    case Type::Int: return "int";
    case Type::Bool: return "bool";
    case Type::Duration: return "duration";
    case Type::Date: return "date";
    case Type::Time: return "time";
    case Type::DateTime: return "datetime";
    case Type::String: return "string";
    case Type::Error: return "error";
  }
  return "?";
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

Evaluator::Evaluator(const Model& model)
    : model_(model),
      param_types_(model.params.size(), Type::Error),
      param_state_(model.params.size(), 0),
      cache_(model.params.size()),
      param_reads_(model.params.size(), 0),
      param_reads_state_(model.params.size(), 0) {}

void Evaluator::check_params(DiagnosticSink& diags) {
  for (uint32_t i = 0; i < model_.params.size(); ++i) param_type(i, diags);
}

Type Evaluator::param_type(uint32_t index, DiagnosticSink& diags) {
  if (param_state_[index] == 2) return param_types_[index];
  const Param& p = model_.params[index];
  if (param_state_[index] == 1) {
    diags.report(DiagCode::E0307, p.span, fmt::format("param `{}` refers to itself", p.name));
    param_state_[index] = 2;
    return Type::Error;
  }
  param_state_[index] = 1;
  Type t = check(*p.value, ExprContext::Instance, diags);
  param_types_[index] = t;
  param_state_[index] = 2;
  return t;
}

void Evaluator::check_command(const Expr& e, ExprContext ctx, DiagnosticSink& diags) {
  if (e.kind == ExprKind::List) {
    if (e.items.empty()) diags.report(DiagCode::E0301, e.span, "a command list needs at least the program name");
    for (const auto& item : e.items) {
      if (item->kind != ExprKind::String)
        diags.report(DiagCode::E0301, item->span, "each element of a command list must be a string");
      else
        check(*item, ctx, diags);
    }
    return;
  }
  if (e.kind != ExprKind::String) {
    diags.report(DiagCode::E0301, e.span, "a command is a string, a heredoc or a list of strings");
    return;
  }
  check(e, ctx, diags);
}

Type Evaluator::check_name(const Expr& e, ExprContext ctx, DiagnosticSink& diags) {
  Type b = builtin_type(e.text);
  if (b != Type::Error) {
    if (e.text == "status" && ctx != ExprContext::Alert) {
      diags.report(DiagCode::E0208, e.span, "`status` is only known in alert commands");
      return Type::Error;
    }
    return b;
  }
  auto it = model_.param_index.find(e.text);
  if (it != model_.param_index.end()) return param_type(it->second, diags);
  auto& d = diags.report(DiagCode::E0208, e.span, fmt::format("unknown name `{}`", e.text));
  if (looks_like_shell_var(e.text)) {
    d.notes.push_back({Span{}, fmt::format("write `$${{{}}}` for a shell variable", e.text)});
  } else {
    std::vector<std::string> names = kBuiltinNames;
    for (const auto& p : model_.params) names.push_back(p.name);
    std::string best = closest_match(e.text, names);
    if (!best.empty()) d.notes.push_back({Span{}, fmt::format("did you mean `{}`?", best)});
  }
  return Type::Error;
}

Type Evaluator::check(const Expr& e, ExprContext ctx, DiagnosticSink& diags) {
  switch (e.kind) {
    case ExprKind::Int: return Type::Int;
    case ExprKind::Bool: return Type::Bool;
    case ExprKind::Duration: return Type::Duration;
    case ExprKind::Date: return Type::Date;
    case ExprKind::Time: return Type::Time;
    case ExprKind::DateTime: return Type::DateTime;
    case ExprKind::String:
      for (const auto& p : e.parts)
        if (p.expr) check(*p.expr, ctx, diags);
      return Type::String;
    case ExprKind::Name: return check_name(e, ctx, diags);
    case ExprKind::Call: return check_call(e, ctx, diags);
    case ExprKind::Unary: {
      Type t = check(*e.items[0], ctx, diags);
      if (t == Type::Int || t == Type::Duration || t == Type::Error) return t;
      diags.report(DiagCode::E0301, e.span, fmt::format("cannot negate a {}", type_name(t)));
      return Type::Error;
    }
    case ExprKind::Binary: {
      Type l = check(*e.items[0], ctx, diags), r = check(*e.items[1], ctx, diags);
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
      diags.report(DiagCode::E0301, e.span,
                   fmt::format("cannot apply `{}` to {} and {}", op, type_name(l), type_name(r)));
      return Type::Error;
    }
    case ExprKind::List:
    case ExprKind::Range:
    case ExprKind::Index:
      diags.report(DiagCode::E0301, e.span, "lists, ranges and offsets are not allowed in a parameter expression");
      return Type::Error;
  }
  return Type::Error;
}

Type Evaluator::check_call(const Expr& e, ExprContext ctx, DiagnosticSink& diags) {
  std::vector<Type> args;
  for (const auto& a : e.items) args.push_back(check(*a, ctx, diags));
  for (Type t : args)
    if (t == Type::Error) return Type::Error;
  auto arity = [&](size_t n) {
    if (args.size() == n) return true;
    diags.report(DiagCode::E0305, e.span,
                 fmt::format("`{}` takes {} argument{}, not {}", e.text, n, n == 1 ? "" : "s", args.size()));
    return false;
  };
  auto want = [&](size_t i, std::initializer_list<Type> ok) {
    for (Type t : ok)
      if (args[i] == t) return true;
    std::string names;
    for (Type t : ok) names += (names.empty() ? "" : " or ") + std::string(type_name(t));
    diags.report(DiagCode::E0301, e.items[i]->span,
                 fmt::format("argument {} of `{}` must be a {}, not a {}", i + 1, e.text, names, type_name(args[i])));
    return false;
  };
  const std::string& f = e.text;
  if (f == "fmt") {
    if (!arity(2) || !want(0, {Type::Date, Type::DateTime, Type::Time}) || !want(1, {Type::String})) return Type::Error;
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
  if (f == "quote") {
    if (!arity(1)) return Type::Error;
    return Type::String;
  }
  auto& d = diags.report(DiagCode::E0305, e.name_span, fmt::format("unknown function `{}`", f));
  std::string best = closest_match(f, kFunctions);
  if (!best.empty()) d.notes.push_back({Span{}, fmt::format("did you mean `{}`?", best)});
  return Type::Error;
}

namespace {

// InstanceEnv fields, as bits: what an expression reads.
enum : uint8_t {
  kReadsBizdate = 1,
  kReadsStart = 2,
  kReadsEnd = 4,
  kReadsCyctime = 8,
  kReadsTask = 16,
  kReadsBackfill = 32,
  kReadsWorkspace = 64,
  kReadsStatus = 128,
  kReadsAll = 255,
};

uint8_t builtin_reads(const std::string& n) {
  if (n == "bizdate") return kReadsBizdate;
  if (n == "interval_start") return kReadsStart;
  if (n == "interval_end") return kReadsEnd;
  if (n == "cyctime") return kReadsCyctime;
  if (n == "task") return kReadsTask;
  if (n == "backfill") return kReadsBackfill;
  if (n == "workspace") return kReadsWorkspace;
  if (n == "status") return kReadsStatus;
  return 0;
}

bool same_text(const std::string* a, const std::string* b) { return a == b || (a && b && *a == *b); }

}  // namespace

uint8_t Evaluator::reads(const Expr& e) {
  uint8_t r = 0;
  switch (e.kind) {
    case ExprKind::Name: {
      if (uint8_t b = builtin_reads(e.text)) return b;
      auto it = model_.param_index.find(e.text);
      return it == model_.param_index.end() ? 0 : param_reads(it->second);
    }
    case ExprKind::String:
      for (const auto& p : e.parts)
        if (p.expr) r |= reads(*p.expr);
      return r;
    default:
      for (const auto& x : e.items) r |= reads(*x);
      return r;
  }
}

uint8_t Evaluator::param_reads(uint32_t idx) {
  if (param_reads_state_[idx] == 2) return param_reads_[idx];
  if (param_reads_state_[idx] == 1) return kReadsAll;  // recursive (reported by check_params): never reuse
  param_reads_state_[idx] = 1;
  uint8_t r = reads(*model_.params[idx].value);
  param_reads_state_[idx] = 2;
  param_reads_[idx] = r;
  return r;
}

void Evaluator::begin_instance(const InstanceEnv& env) {
  uint8_t changed = kReadsAll;
  if (have_env_) {
    changed = 0;
    if (env.bizdate != env_.bizdate) changed |= kReadsBizdate;
    if (env.interval_start != env_.interval_start) changed |= kReadsStart;
    if (env.interval_end != env_.interval_end) changed |= kReadsEnd;
    if (env.cyctime != env_.cyctime) changed |= kReadsCyctime;
    if (!same_text(env.task, env_.task)) changed |= kReadsTask;
    if (!same_text(env.backfill, env_.backfill)) changed |= kReadsBackfill;
    if (!same_text(env.workspace, env_.workspace)) changed |= kReadsWorkspace;
    if (!same_text(env.status, env_.status)) changed |= kReadsStatus;
  }
  env_ = env;
  have_env_ = true;
  if (!changed) return;
  size_t kept = 0;
  for (uint32_t i : cached_) {
    if (param_reads(i) & changed) cache_[i].reset();
    else cached_[kept++] = i;
  }
  cached_.resize(kept);
}

std::string Evaluator::to_text(const Value& v) {
  std::string out;
  append_text(v, out);
  return out;
}

void Evaluator::append_text(const Value& v, std::string& out) {
  switch (v.type) {
    case Type::Int: out += std::to_string(v.i); return;
    case Type::Bool: out += v.i ? "true" : "false"; return;
    case Type::Duration: out += std::to_string(v.i); return;
    case Type::Date: out += cal::format_date(v.i); return;
    case Type::Time: out += cal::format_time(v.i); return;
    case Type::DateTime: out += cal::format_datetime(v.i); out += ":00"; return;
    case Type::String: out += v.s; return;
    case Type::Error: return;
  }
}

std::string Evaluator::render(const Expr& str) {
  std::string out;
  render_to(str, out);
  return out;
}

void Evaluator::render_to(const Expr& str, std::string& out) {
  for (const auto& p : str.parts) {
    if (!p.expr) {
      out += p.text;
      continue;
    }
    if (p.expr->kind == ExprKind::Name) {
      // DataWorks' convention: `${bizdate}` alone is yyyymmdd.
      if (p.expr->text == "bizdate") {
        if (bizdate_text_.empty() || bizdate_text_day_ != env_.bizdate) {
          bizdate_text_ = cal::strftime(env_.bizdate * cal::kMinutesPerDay, "%Y%m%d");
          bizdate_text_day_ = env_.bizdate;
        }
        out += bizdate_text_;
        continue;
      }
      // A param: its cached value, without copying it.
      auto it = model_.param_index.find(p.expr->text);
      if (it != model_.param_index.end() && !builtin_reads(p.expr->text)) {
        append_text(param_value(it->second), out);
        continue;
      }
    }
    append_text(eval(*p.expr), out);
  }
}

const Value& Evaluator::param_value(uint32_t idx) {
  if (!cache_[idx]) {
    cache_[idx] = Value{};  // guards against (already reported) self-reference
    cache_[idx] = eval(*model_.params[idx].value);
    cached_.push_back(idx);
  }
  return *cache_[idx];
}

Value Evaluator::eval(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Int: return {Type::Int, e.int_value, {}};
    case ExprKind::Bool: return {Type::Bool, e.int_value, {}};
    case ExprKind::Duration: return {Type::Duration, e.int_value, {}};
    case ExprKind::Date: return {Type::Date, e.int_value, {}};
    case ExprKind::Time: return {Type::Time, e.int_value, {}};
    case ExprKind::DateTime: return {Type::DateTime, e.int_value, {}};
    case ExprKind::String: return {Type::String, 0, render(e)};
    case ExprKind::Name: {
      const std::string& n = e.text;
      if (n == "bizdate") return {Type::Date, env_.bizdate, {}};
      if (n == "interval_start") return {Type::DateTime, env_.interval_start, {}};
      if (n == "interval_end") return {Type::DateTime, env_.interval_end, {}};
      if (n == "cyctime") return {Type::DateTime, env_.cyctime, {}};
      if (n == "task") return {Type::String, 0, env_.task ? *env_.task : ""};
      if (n == "backfill") return {Type::String, 0, env_.backfill ? *env_.backfill : ""};
      if (n == "workspace") return {Type::String, 0, env_.workspace ? *env_.workspace : ""};
      if (n == "status") return {Type::String, 0, env_.status ? *env_.status : "${status}"};
      auto it = model_.param_index.find(n);
      if (it == model_.param_index.end()) return {};
      return param_value(it->second);
    }
    case ExprKind::Unary: {
      Value v = eval(*e.items[0]);
      v.i = -v.i;
      return v;
    }
    case ExprKind::Binary: {
      Value l = eval(*e.items[0]), r = eval(*e.items[1]);
      char op = e.op;
      if (l.type == Type::String) return {Type::String, 0, l.s + r.s};
      if (l.type == Type::Date && r.type == Type::Duration) {
        int64_t delta = op == '+' ? r.i : -r.i;
        if (delta % 86400 == 0 && const_duration(*e.items[1])) return {Type::Date, l.i + delta / 86400, {}};
        return {Type::DateTime, l.i * cal::kMinutesPerDay + floor_div(delta, 60), {}};
      }
      if (l.type == Type::DateTime && r.type == Type::Duration)
        return {Type::DateTime, l.i + floor_div(op == '+' ? r.i : -r.i, 60), {}};
      int64_t a = l.i, b = r.i, out = 0;
      switch (op) {
        case '+': out = a + b; break;
        case '-': out = a - b; break;
        case '*': out = a * b; break;
        case '/': out = b ? a / b : 0; break;
        case '%': out = b ? a % b : 0; break;
      }
      return {l.type, out, {}};
    }
    case ExprKind::Call: return eval_call(e);
    default: return {};
  }
}

Value Evaluator::eval_call(const Expr& e) {
  const std::string& f = e.text;
  std::vector<Value> a;
  for (const auto& x : e.items) a.push_back(eval(*x));
  auto as_date = [](const Value& v) {
    return v.type == Type::DateTime ? floor_div(v.i, cal::kMinutesPerDay) : v.i;
  };
  if (f == "fmt") {
    int64_t minutes = a[0].type == Type::Date ? a[0].i * cal::kMinutesPerDay : a[0].i;
    return {Type::String, 0, cal::strftime(minutes, a[1].s)};
  }
  if (f == "add_months") return {Type::Date, cal::add_months(a[0].i, a[1].i), {}};
  if (f == "month_start") return {Type::Date, cal::month_start(as_date(a[0])), {}};
  if (f == "month_end") return {Type::Date, cal::month_end(as_date(a[0])), {}};
  if (f == "week_start") return {Type::Date, cal::week_start(as_date(a[0])), {}};
  if (f == "date") return {Type::Date, as_date(a[0]), {}};
  if (f == "quote") return {Type::String, 0, shell_quote(to_text(a[0]))};
  return {};
}

bool Evaluator::uses_date(const Expr& e) const {
  switch (e.kind) {
    case ExprKind::Name: {
      if (e.text == "bizdate" || e.text == "interval_start" || e.text == "interval_end" || e.text == "cyctime")
        return true;
      auto it = model_.param_index.find(e.text);
      if (it == model_.param_index.end()) return false;
      const Expr* v = model_.params[it->second].value;
      if (v == &e) return false;
      // Params cannot be recursive once checked; guard depth anyway.
      static thread_local int depth = 0;
      if (depth > 64) return false;
      ++depth;
      bool r = uses_date(*v);
      --depth;
      return r;
    }
    case ExprKind::String:
      for (const auto& p : e.parts)
        if (p.expr && uses_date(*p.expr)) return true;
      return false;
    default:
      for (const auto& x : e.items)
        if (uses_date(*x)) return true;
      return false;
  }
}

}  // namespace bfc
