// Internal to the front end: what the AST builder needs to map ANTLR tokens back to the
// lexer's compact tokens. Includes generated ANTLR headers; never include it outside
// compiler/frontend/.
#pragma once

#include "BfParser.h"
#include "frontend/ast.h"
#include "frontend/lexer.h"

namespace bfc::detail {

struct BuildContext {
  uint32_t file;
  const LexResult& lex;
  size_t slice_begin;  // index of the slice's first token in lex.tokens

  const Token& tok(antlr4::Token* t) const { return lex.tokens[slice_begin + t->getTokenIndex()]; }
  Span span(antlr4::Token* t) const {
    const Token& k = tok(t);
    return Span{file, k.begin, k.end};
  }
  Span span(antlr4::ParserRuleContext* c) const {
    Span a = span(c->getStart());
    antlr4::Token* stop = c->getStop();
    if (stop == nullptr || stop->getTokenIndex() < c->getStart()->getTokenIndex()) return a;
    return Span::cover(a, span(stop));
  }
};

// Converts one parsed top-level item into a declaration.
ast::Decl build_decl(const BuildContext& bc, gen::BfParser::ItemContext* item, std::string_view src);

}  // namespace bfc::detail
