// `--dump=ast`: one parsed file as an indented tree, two spaces a level, every node with
// its position ("@ path:line:col").
#include <fmt/format.h>

#include "frontend/dump.h"
#include "support/calendar.h"

namespace bfc {

namespace {

// Writes the tree into `out`; `sm` turns spans into positions.
class AstDumper {
 public:
  AstDumper(const SourceManager& sm, std::string& out) : sm_(sm), out_(out) {}

  void decl(const ast::Decl& d) {
    line(0,
         d.name.empty() ? ast::decl_keyword(d.kind)
                        : fmt::format("{} {}", ast::decl_keyword(d.kind), d.name),
         d.span);
    if (d.value) expr(1, *d.value);
    for (const ast::Member& m : d.body.members) member(1, m);
  }

 private:
  void line(int depth, std::string_view what, Span at) {
    out_ += fmt::format("{:{}}{} @ {}\n", "", 2 * depth + 2, what, span_position(sm_, at));
  }

  void member(int depth, const ast::Member& m) {
    line(depth, fmt::format("{} {}", m.is_block() ? "block" : "member", m.name), m.span);
    for (const auto& v : m.values) expr(depth + 1, *v);
    if (m.block)
      for (const ast::Member& inner : m.block->members) member(depth + 1, inner);
  }

  void expr(int depth, const ast::Expr& e) {
    line(depth, expr_label(e), e.span);
    for (const auto& item : e.items) expr(depth + 1, *item);
    if (e.kind != ast::ExprKind::String || is_plain(e)) return;
    for (const ast::StringPart& p : e.parts) {
      if (p.expr) {
        line(depth + 1, "interpolation", p.span);
        expr(depth + 2, *p.expr);
      } else {
        line(depth + 1, "text " + quoted(p.text), p.span);
      }
    }
  }

  // A string of one literal part (or none) prints on one line.
  static bool is_plain(const ast::Expr& e) {
    return e.parts.empty() || (e.parts.size() == 1 && !e.parts[0].expr);
  }

  static std::string expr_label(const ast::Expr& e) {
    using K = ast::ExprKind;
    switch (e.kind) {
      case K::Int:
        return fmt::format("int {}", e.int_value);
      case K::Bool:
        return e.int_value ? "bool true" : "bool false";
      case K::Duration:
        return duration_label(e);
      case K::Date:
        return "date " + cal::format_date(e.int_value);
      case K::Time:
        return "time " + cal::format_time(e.int_value);
      case K::DateTime:
        return "datetime " + cal::format_datetime(e.int_value);
      case K::String:
        return string_label(e);
      case K::Name:
        return "name " + e.text;
      case K::List:
        return "list";
      case K::Range:
        return "range";
      case K::Unary:
        return fmt::format("unary {}", e.op);
      case K::Binary:
        return fmt::format("binary {}", e.op);
      case K::Call:
        return "call " + e.text;
      case K::Index:
        return "index";
    }
    return "?";
  }

  // "duration 90s", or with the seconds when written in another unit: "duration 2h = 7200s".
  static std::string duration_label(const ast::Expr& e) {
    std::string seconds = fmt::format("{}s", e.int_value);
    if (e.text == seconds) return "duration " + e.text;
    return fmt::format("duration {} = {}", e.text, seconds);
  }

  static std::string string_label(const ast::Expr& e) {
    std::string label = e.heredoc ? "heredoc" : "string";
    if (!is_plain(e)) return label;
    return label + " " + quoted(e.parts.empty() ? "" : e.parts[0].text);
  }

  const SourceManager& sm_;
  std::string& out_;
};

}  // namespace

std::string dump_ast(const SourceManager& sm, const ast::File& file) {
  std::string out = fmt::format("ast of {}: {}\n", sm.file(file.file_id).path,
                                counted(file.decls.size(), "declaration", "declarations"));
  AstDumper dumper(sm, out);
  for (const ast::Decl& d : file.decls) dumper.decl(d);
  return out;
}

}  // namespace bfc
