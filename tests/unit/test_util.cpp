#include "test_util.h"

#include <fmt/format.h>

namespace bfc::test {

namespace {
std::vector<std::string> describe(const SourceManager& sm, const DiagnosticSink& diags) {
  std::vector<std::string> out;
  for (const auto& d : diags.diagnostics()) {
    Position p = sm.begin(d.span);
    out.push_back(fmt::format("{} {}:{} {}", diag_info(d.code).name, p.line, p.column, d.message));
  }
  return out;
}
}  // namespace

std::vector<std::string> Lexed::kinds() const {
  std::vector<std::string> out;
  for (size_t i = 0; i + 1 < result.tokens.size(); ++i)
    out.push_back(token_description(result.tokens[i].type));
  return out;
}

std::string Lexed::text(size_t i) const {
  const Token& t = result.tokens.at(i);
  return std::string(sm.text(Span{file, t.begin, t.end}));
}

std::vector<std::string> Lexed::diag_lines() const {
  return describe(sm, diags);
}

std::unique_ptr<Lexed> lex_source(const std::string& src, const LexLimits& limits) {
  auto l = std::make_unique<Lexed>();
  l->file = l->sm.add("t.bf", "/t.bf", src);
  l->result = lex(l->file, l->sm.file(l->file).text, l->diags, limits);
  return l;
}

std::vector<std::string> Parsed::diag_lines() const {
  return describe(sm, diags);
}

std::string Parsed::rendered() const {
  std::string out;
  for (const auto& d : diags.diagnostics()) out += render_text(sm, d);
  return out;
}

std::unique_ptr<Parsed> parse_source(const std::string& src, const LexLimits& limits) {
  auto p = std::make_unique<Parsed>();
  p->id = p->sm.add("t.bf", "/t.bf", src);
  p->file = parse_file(p->id, p->sm.file(p->id).text, p->diags, limits);
  return p;
}

std::string sexpr(const ast::Expr& e) {
  using K = ast::ExprKind;
  auto join = [](const std::vector<ast::ExprPtr>& items) {
    std::string s;
    for (const auto& i : items) s += " " + sexpr(*i);
    return s;
  };
  switch (e.kind) {
    case K::Int:
      return std::to_string(e.int_value);
    case K::Bool:
      return e.int_value ? "true" : "false";
    case K::Duration:
      return e.text;
    case K::Date:
      return fmt::format("date:{}", e.int_value);
    case K::Time:
      return fmt::format("time:{}", e.int_value);
    case K::DateTime:
      return fmt::format("datetime:{}", e.int_value);
    case K::Name:
      return e.text;
    case K::String: {
      std::string s = e.heredoc ? "<<\"" : "\"";
      for (const auto& p : e.parts) s += p.expr ? "${" + sexpr(*p.expr) + "}" : p.text;
      return s + "\"";
    }
    case K::List:
      return "[" + (e.items.empty() ? std::string() : join(e.items).substr(1)) + "]";
    case K::Range:
      return "(.." + join(e.items) + ")";
    case K::Unary:
      return fmt::format("({}{})", e.op, join(e.items));
    case K::Binary:
      return fmt::format("({}{})", e.op, join(e.items));
    case K::Call:
      return "(call " + e.text + join(e.items) + ")";
    case K::Index:
      return "(index" + join(e.items) + ")";
  }
  return "?";
}

std::string parse_expr(const std::string& expr) {
  auto p = parse_source("param p = " + expr + ";");
  if (p->diags.has_errors() || p->file.decls.size() != 1 || !p->file.decls[0].value)
    return "error: " +
           (p->diag_lines().empty() ? std::string("no declaration") : p->diag_lines()[0]);
  return sexpr(*p->file.decls[0].value);
}

}  // namespace bfc::test
