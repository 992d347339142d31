// One-line expression printing with minimal parentheses.
#include "formatter/expr_text.h"

namespace bfc::formatter {

using ast::Expr;
using ast::ExprKind;

int precedence(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Range:
      return 1;
    case ExprKind::Binary:
      if (e.op == '+' || e.op == '-') return 2;
      if (e.op == '&') return 3;
      return 4;
    case ExprKind::Unary:
      return 5;
    case ExprKind::Index:
      return 6;
    default:
      return 7;
  }
}

bool needs_parens(const Expr& parent, size_t index) {
  int p = precedence(parent);
  int c = precedence(*parent.items[index]);
  switch (parent.kind) {
    case ExprKind::Binary:
    case ExprKind::Range:
      return index == 0 ? c < p : c <= p;
    case ExprKind::Unary:
      return c < p;
    case ExprKind::Index:
      return index == 0 && c < p;  // the offset is bracketed already
    default:
      return false;
  }
}

std::string operator_text(const Expr& e) {
  if (e.kind == ExprKind::Range) return "..";
  return std::string(" ") + e.op + " ";
}

namespace {

std::string operand(const Expr& parent, size_t i, const SourceText& st) {
  std::string t = flat_text(*parent.items[i], st);
  return needs_parens(parent, i) ? "(" + t + ")" : t;
}

std::string joined(const std::vector<ast::ExprPtr>& items, const SourceText& st) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += flat_text(*items[i], st);
  }
  return out;
}

}  // namespace

std::string flat_text(const Expr& e, const SourceText& st) {
  switch (e.kind) {
    case ExprKind::Name:
      return e.text;
    case ExprKind::Call:
      return e.text + "(" + joined(e.items, st) + ")";
    case ExprKind::List:
      return "[" + joined(e.items, st) + "]";
    case ExprKind::Range:
    case ExprKind::Binary:
      return operand(e, 0, st) + operator_text(e) + operand(e, 1, st);
    case ExprKind::Unary:
      return "-" + operand(e, 0, st);
    case ExprKind::Index:
      return operand(e, 0, st) + "[" + flat_text(*e.items[1], st) + "]";
    default:  // literals and strings: exactly as written
      return std::string(st.slice(st.strip_parens(e.span)));
  }
}

size_t first_line_width(std::string_view s) {
  size_t w = 0;
  for (char c : s) {
    if (c == '\n') break;
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++w;
  }
  return w;
}

bool contains_list(const Expr& e) {
  if (e.kind == ExprKind::List) return true;
  if (e.kind == ExprKind::String) return false;
  for (const auto& i : e.items)
    if (contains_list(*i)) return true;
  return false;
}

}  // namespace bfc::formatter
