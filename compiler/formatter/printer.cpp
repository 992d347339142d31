// The canonical layout. Comments are placed by their owner (see comment_map.h): before
// the item they precede, after the item whose line they end, or hoisted above the item
// they sit inside when that item prints on one line.
#include "formatter/printer.h"

#include "formatter/expr_text.h"

namespace bfc::formatter {

using ast::Expr;
using ast::ExprKind;

Printer::Printer(const ast::File& file, const SourceText& st)
    : file_(file), st_(st), comments_(file, st) {}

std::string Printer::run() {
  Sequence s;
  for (const auto& d : file_.decls) s.items.push_back(d.span);
  s.comments = &comments_.owned(nullptr);
  s.force_blank = [this](size_t i) {
    // Runs of imports or params may stay together; everything else is set apart.
    ast::DeclKind a = file_.decls[i - 1].kind, b = file_.decls[i].kind;
    return !(a == b && (a == ast::DeclKind::Import || a == ast::DeclKind::Param));
  };
  s.emit = [this](size_t i) { decl(file_.decls[i]); };
  sequence(s);
  return w_.finish();
}

void Printer::sequence(const Sequence& s) {
  const auto& all = st_.comments();
  const std::vector<size_t>& cs = *s.comments;
  size_t ci = 0;
  uint32_t prev_end = s.open_end;  // end of the last thing printed, in the source
  bool any = false;                // a line of this sequence was printed

  // A comment on the line where the previous item (or the opening bracket) ended stays
  // there; any other comment gets its own line, keeping one empty line above it if the
  // source had one.
  auto place = [&](const ast::Comment& c, bool forced) -> bool {
    if ((any || s.has_open) && st_.same_line(prev_end, c.span.begin)) {
      w_.trailing(st_.comment_text(c));
      prev_end = c.span.end;
      return false;
    }
    w_.line(s.indent, any && (forced || st_.has_blank_line(prev_end, c.span.begin)));
    w_.write(st_.comment_text(c));
    prev_end = c.span.end;
    any = true;
    return true;
  };

  for (size_t i = 0; i < s.items.size(); ++i) {
    Span item = s.items[i];
    bool forced = i > 0 && s.force_blank && s.force_blank(i);
    while (ci < cs.size() && all[cs[ci]].span.begin < item.begin)
      if (place(all[cs[ci++]], forced)) forced = false;
    // Comments inside the item that no inner block or list owns go above it.
    bool hoisted = false;
    while (ci < cs.size() && all[cs[ci]].span.begin < item.end) {
      const ast::Comment& c = all[cs[ci++]];
      w_.line(s.indent, any && !hoisted && (forced || st_.has_blank_line(prev_end, item.begin)));
      w_.write(st_.comment_text(c));
      hoisted = true;
      forced = false;
      any = true;
    }
    w_.line(s.indent, any && !hoisted && (forced || st_.has_blank_line(prev_end, item.begin)));
    s.emit(i);
    any = true;
    prev_end = item.end;
  }
  while (ci < cs.size()) place(all[cs[ci++]], false);
}

void Printer::decl(const ast::Decl& d) {
  switch (d.kind) {
    case ast::DeclKind::Import:
      w_.write("import ");
      w_.write(flat_text(*d.value, st_));
      w_.write(";");
      return;
    case ast::DeclKind::Param:
      w_.write("param " + d.name + " = ");
      expr(*d.value, 0, 1);
      w_.write(";");
      return;
    default:
      w_.write(std::string(ast::decl_keyword(d.kind)) + " " + d.name + " ");
      block(d.body, 0);
  }
}

void Printer::block(const ast::Block& b, int indent) {
  w_.write("{");
  if (b.members.empty() && !comments_.owns_any(&b)) {
    w_.write("}");
    return;
  }
  Sequence s;
  for (const auto& m : b.members) s.items.push_back(m.span);
  s.comments = &comments_.owned(&b);
  s.open_end = b.span.begin + 1;
  s.has_open = true;
  s.indent = indent + kIndent;
  s.emit = [this, &b, &s](size_t i) { member(b.members[i], s.indent); };
  sequence(s);
  w_.line(indent, false);
  w_.write("}");
}

void Printer::member(const ast::Member& m, int indent) {
  if (m.is_block()) {
    w_.write(m.name + " ");
    std::string one = one_line_block(*m.block, indent, m.name.size() + 1);
    if (!one.empty())
      w_.write(one);
    else
      block(*m.block, indent);
    return;
  }
  w_.write(m.name + " = ");
  for (size_t i = 0; i < m.values.size(); ++i) {
    expr(*m.values[i], indent, 1);
    w_.write(i + 1 < m.values.size() ? ", " : ";");
  }
}

std::string Printer::one_line_block(const ast::Block& b, int indent, size_t prefix) const {
  if (b.members.empty() && !comments_.owns_any(&b)) return "{}";
  if (comments_.owns_any(&b)) return "";
  std::string out = "{";
  for (const auto& m : b.members) {
    if (m.is_block()) return "";
    out += " " + m.name + " =";
    for (size_t i = 0; i < m.values.size(); ++i) {
      if (forced_break(*m.values[i])) return "";
      std::string v = flat_text(*m.values[i], st_);
      if (v.find('\n') != std::string::npos) return "";
      out += (i ? ", " : " ") + v;
    }
    out += ";";
  }
  out += " }";
  if (static_cast<size_t>(indent) + prefix + first_line_width(out) > kMaxWidth) return "";
  return out;
}

bool Printer::forced_break(const Expr& e) const {
  if (e.kind == ExprKind::String) return false;
  if (e.kind == ExprKind::List) {
    if (comments_.owns_any(&e)) return true;
    for (const auto& item : e.items)
      if (flat_text(*item, st_).find('\n') != std::string::npos) return true;
  }
  for (const auto& item : e.items)
    if (forced_break(*item)) return true;
  return false;
}

void Printer::expr(const Expr& e, int indent, size_t suffix) {
  if (!forced_break(e)) {
    std::string flat = flat_text(e, st_);
    if (!contains_list(e) || w_.column() + first_line_width(flat) + suffix <= kMaxWidth) {
      w_.write(flat);
      return;
    }
  }
  switch (e.kind) {
    case ExprKind::List:
      broken_list(e, indent);
      return;
    case ExprKind::Range:
    case ExprKind::Binary:
      operand(e, 0, indent, 0);
      w_.write(operator_text(e));
      operand(e, 1, indent, suffix);
      return;
    case ExprKind::Unary:
      w_.write("-");
      operand(e, 0, indent, suffix);
      return;
    case ExprKind::Index:
      operand(e, 0, indent, 0);
      w_.write("[");
      expr(*e.items[1], indent, suffix + 1);
      w_.write("]");
      return;
    case ExprKind::Call:
      w_.write(e.text + "(");
      for (size_t i = 0; i < e.items.size(); ++i) {
        if (i) w_.write(", ");
        expr(*e.items[i], indent, i + 1 < e.items.size() ? 1 : suffix + 1);
      }
      w_.write(")");
      return;
    default:
      w_.write(flat_text(e, st_));
  }
}

void Printer::operand(const Expr& parent, size_t i, int indent, size_t suffix) {
  bool parens = needs_parens(parent, i);
  if (parens) w_.write("(");
  expr(*parent.items[i], indent, suffix + (parens ? 1 : 0));
  if (parens) w_.write(")");
}

void Printer::broken_list(const Expr& e, int indent) {
  w_.write("[");
  Sequence s;
  for (const auto& item : e.items) s.items.push_back(item->span);
  s.comments = &comments_.owned(&e);
  s.open_end = st_.strip_parens(e.span).begin + 1;
  s.has_open = true;
  s.indent = indent + kIndent;
  s.emit = [this, &e, &s](size_t i) {
    expr(*e.items[i], s.indent, 1);
    w_.write(",");
  };
  sequence(s);
  w_.line(indent, false);
  w_.write("]");
}

}  // namespace bfc::formatter
