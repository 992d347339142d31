#include "sema/prop_reader.h"

#include <fmt/format.h>

#include <algorithm>

namespace bfc {

using ast::Expr;
using ast::ExprKind;
using Kind = PropRule::Kind;

namespace {

const char* kind_word(ExprKind k) {
  switch (k) {
    case ExprKind::Int:
      return "an integer";
    case ExprKind::Bool:
      return "a boolean";
    case ExprKind::Duration:
      return "a duration";
    case ExprKind::Date:
      return "a date";
    case ExprKind::Time:
      return "a time";
    case ExprKind::DateTime:
      return "a date-time";
    case ExprKind::String:
      return "a string";
    case ExprKind::Name:
      return "a name";
    case ExprKind::List:
      return "a list";
    case ExprKind::Range:
      return "a range";
    case ExprKind::Unary:
    case ExprKind::Binary:
      return "an expression";
    case ExprKind::Call:
      return "a call";
    case ExprKind::Index:
      return "an offset reference";
  }
  return "a value";
}

// "`a`, `b` or `c`"
std::string word_list(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) out += i + 1 == words.size() ? " or " : ", ";
    out += "`" + words[i] + "`";
  }
  return out;
}

}  // namespace

PropRule PropRule::integer(int64_t lo, int64_t hi) {
  PropRule r;
  r.kind = Kind::Int;
  r.lo = lo;
  r.hi = hi;
  return r;
}

PropRule PropRule::duration(bool positive) {
  PropRule r;
  r.kind = Kind::Duration;
  r.lo = positive ? 1 : 0;
  return r;
}

PropRule PropRule::boolean() {
  PropRule r;
  r.kind = Kind::Bool;
  return r;
}

PropRule PropRule::keyword(std::vector<std::string> words, std::string subject) {
  PropRule r;
  r.kind = Kind::Keyword;
  r.words = std::move(words);
  r.subject = std::move(subject);
  return r;
}

PropRule PropRule::one_of(std::vector<int64_t> allowed, std::string not_allowed, std::string note) {
  PropRule r;
  r.kind = Kind::OneOf;
  r.allowed = std::move(allowed);
  r.not_allowed = std::move(not_allowed);
  r.note = std::move(note);
  return r;
}

PropRule PropRule::time_of_day() {
  PropRule r;
  r.kind = Kind::TimeOfDay;
  return r;
}

PropRule PropRule::time_range() {
  PropRule r;
  r.kind = Kind::TimeRange;
  return r;
}

PropRule PropRule::image() {
  PropRule r;
  r.kind = Kind::Image;
  return r;
}

const Expr* single_value(const ast::Member& m, DiagnosticSink& diags) {
  if (m.values.size() == 1) return m.values[0].get();
  diags.report(DiagCode::E0301, m.values.size() > 1 ? m.values[1]->span : m.name_span,
               fmt::format("`{}` takes a single value", m.name));
  return nullptr;
}

void report_mismatch(const Expr& e, const std::string& prop, const char* want,
                     DiagnosticSink& diags) {
  diags.report(DiagCode::E0301, e.span,
               fmt::format("`{}` must be {}, not {}", prop, want, kind_word(e.kind)));
}

std::optional<std::string> plain_string(const Expr& e, const std::string& prop,
                                        DiagnosticSink& diags) {
  if (e.kind != ExprKind::String) {
    report_mismatch(e, prop, "a string", diags);
    return std::nullopt;
  }
  std::string s;
  for (const auto& p : e.parts) {
    if (p.expr) {
      diags.report(DiagCode::E0013, p.span, fmt::format("`{}` cannot contain `${{...}}`", prop));
      return std::nullopt;
    }
    s += p.text;
  }
  return s;
}

std::optional<PropValue> read_prop(const ast::Member& m, const PropRule& r, DiagnosticSink& diags) {
  const Expr* e = single_value(m, diags);
  if (!e) return std::nullopt;
  const std::string& n = m.name;
  auto mismatch = [&](const char* want) -> std::optional<PropValue> {
    report_mismatch(*e, n, want, diags);
    return std::nullopt;
  };
  auto out_of_range = [&](std::string message) -> std::optional<PropValue> {
    diags.report(DiagCode::E0302, e->span, std::move(message));
    return std::nullopt;
  };
  switch (r.kind) {
    case Kind::Int:
      if (e->kind != ExprKind::Int) return mismatch("an integer");
      if (e->int_value < r.lo || e->int_value > r.hi)
        return out_of_range(r.hi == INT64_MAX
                                ? fmt::format("`{}` must be at least {}", n, r.lo)
                                : fmt::format("`{}` must be between {} and {}", n, r.lo, r.hi));
      return PropValue{e->int_value};
    case Kind::Duration:
      if (e->kind != ExprKind::Duration) return mismatch("a duration such as `30s`, `15m` or `2h`");
      if (e->int_value < r.lo)
        return out_of_range(fmt::format("`{}` must be greater than zero", n));
      return PropValue{e->int_value};
    case Kind::Bool:
      if (e->kind != ExprKind::Bool) return mismatch("`true` or `false`");
      return PropValue{e->int_value != 0};
    case Kind::Keyword: {
      auto it = e->kind == ExprKind::Name ? std::find(r.words.begin(), r.words.end(), e->text)
                                          : r.words.end();
      if (it == r.words.end()) {
        auto& d =
            diags.report(DiagCode::E0302, e->span,
                         fmt::format("{} must be {}", r.subject.empty() ? "`" + n + "`" : r.subject,
                                     word_list(r.words)));
        std::string best = e->kind == ExprKind::Name ? closest_match(e->text, r.words) : "";
        if (!best.empty()) d.notes.push_back({Span{}, fmt::format("did you mean `{}`?", best)});
        return std::nullopt;
      }
      return PropValue{it - r.words.begin()};
    }
    case Kind::OneOf:
      if (e->kind != ExprKind::Int) return mismatch("an integer");
      if (std::find(r.allowed.begin(), r.allowed.end(), e->int_value) == r.allowed.end()) {
        auto& d = diags.report(DiagCode::E0302, e->span,
                               fmt::format(fmt::runtime(r.not_allowed), e->int_value));
        if (!r.note.empty()) d.notes.push_back({Span{}, r.note});
        return std::nullopt;
      }
      return PropValue{e->int_value};
    case Kind::TimeOfDay:
      if (e->kind == ExprKind::Time) return PropValue{e->int_value};
      if (e->kind == ExprKind::Duration) return PropValue{e->int_value / 60};
      return mismatch("a time of day such as `00:30`");
    case Kind::TimeRange: {
      if (e->kind != ExprKind::Range || e->items[0]->kind != ExprKind::Time ||
          e->items[1]->kind != ExprKind::Time) {
        diags.report(DiagCode::E0306, e->span,
                     fmt::format("`{}` must be a range of times of day such as `22:00..06:00`", n));
        return std::nullopt;
      }
      int64_t a = e->items[0]->int_value, b = e->items[1]->int_value;
      if (a == b) {
        diags.report(DiagCode::E0306, e->span,
                     fmt::format("`{}` is a single minute; give a start and a later end", n));
        return std::nullopt;
      }
      return PropValue{a, b};
    }
    case Kind::Image: {
      if (e->kind != ExprKind::String)
        return mismatch("a container image such as `\"registry/name:tag\"`");
      auto s = plain_string(*e, n, diags);
      if (!s) return std::nullopt;
      if (s->empty()) return out_of_range(fmt::format("`{}` cannot be empty", n));
      // It ends up as one word on a command line or in a manifest (`bfc export`): a space,
      // tab or newline in it is a mistake, never part of a valid reference.
      for (unsigned char c : *s)
        if (c <= ' ' || c == 0x7f)
          return out_of_range(
              fmt::format("`{}` cannot contain whitespace or control characters", n));
      PropValue v;
      v.text = std::move(*s);
      return v;
    }
  }
  return std::nullopt;
}

}  // namespace bfc
