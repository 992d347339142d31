// Helpers shared by the front-end unit tests: lex or parse inline source, list token
// kinds by their user-facing names (so tests need no ANTLR headers), print expressions as
// s-expressions, and render diagnostics as text.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "frontend/ast.h"
#include "frontend/lexer.h"
#include "frontend/parser.h"
#include "support/diagnostics.h"

namespace bfc::test {

// One lexed source: owns the source text, the diagnostics and the tokens.
struct Lexed {
  SourceManager sm;
  DiagnosticSink diags;
  LexResult result;
  uint32_t file = 0;
  // token_description() of every token except the final EOF.
  std::vector<std::string> kinds() const;
  // The source text of token i.
  std::string text(size_t i) const;
  // The cooked text of STR_TEXT token i.
  const std::string& cooked(size_t i) const { return result.texts.at(result.tokens.at(i).text); }
  // "CODE line:col message" for each diagnostic.
  std::vector<std::string> diag_lines() const;
};
std::unique_ptr<Lexed> lex_source(const std::string& src, const LexLimits& limits = {});

// One parsed source (file name "t.bf").
struct Parsed {
  SourceManager sm;
  DiagnosticSink diags;
  ast::File file;
  uint32_t id = 0;
  std::vector<std::string> diag_lines() const;
  // All diagnostics rendered as text, as `bfc check` prints them (without the summary).
  std::string rendered() const;
  std::string text(Span s) const { return std::string(sm.text(s)); }
};
std::unique_ptr<Parsed> parse_source(const std::string& src, const LexLimits& limits = {});

// The value expression of `param p = EXPR;` as an s-expression, e.g. "(+ a (& b c))".
std::string sexpr(const ast::Expr& e);
std::string parse_expr(const std::string& expr);

}  // namespace bfc::test
