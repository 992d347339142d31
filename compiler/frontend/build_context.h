// Internal to the front end: what the AST builder needs to map ANTLR tokens back to the
// lexer's compact tokens. Includes generated ANTLR headers; never include it outside
// compiler/frontend/.
#pragma once

#include "BfParser.h"
#include "frontend/ast.h"
#include "frontend/lexer.h"

namespace bfc::detail {

// One top-level item being built: its file, the lexer's output and where the item's token
// slice starts in it.
struct BuildContext {
  uint32_t file;
  const LexResult& lex;
  size_t slice_begin;  // index of the slice's first token in lex.tokens

  // The lexer token behind an ANTLR token of the slice.
  const Token& tok(antlr4::Token* t) const { return lex.tokens[slice_begin + t->getTokenIndex()]; }
  // The source span of an ANTLR token of the slice.
  Span span(antlr4::Token* t) const {
    const Token& k = tok(t);
    return Span{file, k.begin, k.end};
  }
  // The source span of a parsed rule, from its first token to its last.
  Span span(antlr4::ParserRuleContext* c) const {
    Span a = span(c->getStart());
    antlr4::Token* stop = c->getStop();
    if (stop == nullptr || stop->getTokenIndex() < c->getStart()->getTokenIndex()) return a;
    return Span::cover(a, span(stop));
  }
};

// Converts one parsed top-level item into a declaration.
ast::Decl build_decl(const BuildContext& bc, gen::BfParser::ItemContext* item,
                     std::string_view src);

}  // namespace bfc::detail
