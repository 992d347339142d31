#include "sema/expr_eval.h"

#include "common/int_math.h"
#include "support/calendar.h"

namespace bfc {

using ast::Expr;
using ast::ExprKind;

namespace {

bool same_text(const std::string* a, const std::string* b) {
  return a == b || (a && b && *a == *b);
}

// The ReadBits of the fields that differ between two instances.
uint8_t changed_reads(const InstanceEnv& a, const InstanceEnv& b) {
  uint8_t changed = 0;
  if (a.bizdate != b.bizdate) changed |= kReadsBizdate;
  if (a.interval_start != b.interval_start) changed |= kReadsStart;
  if (a.interval_end != b.interval_end) changed |= kReadsEnd;
  if (a.cyctime != b.cyctime) changed |= kReadsCyctime;
  if (!same_text(a.task, b.task)) changed |= kReadsTask;
  if (!same_text(a.backfill, b.backfill)) changed |= kReadsBackfill;
  if (!same_text(a.workspace, b.workspace)) changed |= kReadsWorkspace;
  if (!same_text(a.status, b.status)) changed |= kReadsStatus;
  return changed;
}

}  // namespace

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

Evaluator::Evaluator(const Model& model, const CheckedParams& params)
    : model_(model), params_(params), cache_(model.params.size()) {}

void Evaluator::begin_instance(const InstanceEnv& env) {
  uint8_t changed = have_env_ ? changed_reads(env, env_) : kReadsAll;
  env_ = env;
  have_env_ = true;
  if (!changed) return;
  size_t kept = 0;
  for (uint32_t i : cached_) {
    if (params_.reads[i] & changed)
      cache_[i].reset();
    else
      cached_[kept++] = i;
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
    case Type::Int:
      out += std::to_string(v.i);
      return;
    case Type::Bool:
      out += v.i ? "true" : "false";
      return;
    case Type::Duration:
      out += std::to_string(v.i);
      return;
    case Type::Date:
      out += cal::format_date(v.i);
      return;
    case Type::Time:
      out += cal::format_time(v.i);
      return;
    case Type::DateTime:
      out += cal::format_datetime(v.i);
      out += ":00";
      return;
    case Type::String:
      out += v.s;
      return;
    case Type::Error:
      return;
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
      if (p.expr->text == "bizdate") {
        append_bizdate(out);
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

// DataWorks' convention: `${bizdate}` alone is yyyymmdd.
void Evaluator::append_bizdate(std::string& out) {
  if (bizdate_text_.empty() || bizdate_text_day_ != env_.bizdate) {
    bizdate_text_ = cal::strftime(env_.bizdate * cal::kMinutesPerDay, "%Y%m%d");
    bizdate_text_day_ = env_.bizdate;
  }
  out += bizdate_text_;
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
    case ExprKind::Int:
      return {Type::Int, e.int_value, {}};
    case ExprKind::Bool:
      return {Type::Bool, e.int_value, {}};
    case ExprKind::Duration:
      return {Type::Duration, e.int_value, {}};
    case ExprKind::Date:
      return {Type::Date, e.int_value, {}};
    case ExprKind::Time:
      return {Type::Time, e.int_value, {}};
    case ExprKind::DateTime:
      return {Type::DateTime, e.int_value, {}};
    case ExprKind::String:
      return {Type::String, 0, render(e)};
    case ExprKind::Name:
      return eval_name(e);
    case ExprKind::Unary: {
      Value v = eval(*e.items[0]);
      v.i = -v.i;
      return v;
    }
    case ExprKind::Binary:
      return eval_binary(e);
    case ExprKind::Call:
      return eval_call(e);
    default:
      return {};
  }
}

Value Evaluator::eval_name(const Expr& e) {
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

Value Evaluator::eval_binary(const Expr& e) {
  Value l = eval(*e.items[0]), r = eval(*e.items[1]);
  char op = e.op;
  if (l.type == Type::String) return {Type::String, 0, l.s + r.s};
  if (l.type == Type::Date && r.type == Type::Duration) {
    int64_t delta = op == '+' ? r.i : -r.i;
    if (delta % 86400 == 0 && const_duration(*e.items[1]))
      return {Type::Date, l.i + delta / 86400, {}};
    return {Type::DateTime, l.i * cal::kMinutesPerDay + floor_div(delta, 60), {}};
  }
  if (l.type == Type::DateTime && r.type == Type::Duration)
    return {Type::DateTime, l.i + floor_div(op == '+' ? r.i : -r.i, 60), {}};
  int64_t a = l.i, b = r.i, out = 0;
  switch (op) {
    case '+':
      out = a + b;
      break;
    case '-':
      out = a - b;
      break;
    case '*':
      out = a * b;
      break;
    case '/':
      out = b ? a / b : 0;
      break;
    case '%':
      out = b ? a % b : 0;
      break;
  }
  return {l.type, out, {}};
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

}  // namespace bfc
