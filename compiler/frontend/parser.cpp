// Parsing driver: lexes the file, cuts the tokens into top-level declarations, and parses
// each with ANTLR (SLL first, LL with error reporting only when SLL fails). Each parse tree
// is converted to the AST and freed before the next declaration is parsed.
#include "frontend/parser.h"

#include <fmt/format.h>

#include "antlr4-runtime.h"
#include "frontend/build_context.h"
#include "frontend/syntax_errors.h"
#include "frontend/token_stream.h"

namespace bfc {

using P = gen::BfParser;

namespace {

constexpr uint32_t kEof = static_cast<uint32_t>(antlr4::Token::EOF);

bool is_decl_keyword(uint32_t t) {
  return t == P::KW_IMPORT || t == P::KW_PARAM || t == P::KW_WORKSPACE || t == P::KW_TASK ||
         t == P::KW_POLICY || t == P::KW_BACKFILL;
}

// Returns the end (exclusive) of the top-level item starting at `b`.
size_t item_end(const std::vector<Token>& toks, size_t b) {
  // Openers seen so far: only a `}` closing a top-level `{` ends a declaration (the `}` of
  // an interpolation `${...}` does not).
  std::vector<uint32_t> open;
  for (size_t i = b; toks[i].type != kEof; ++i) {
    uint32_t t = toks[i].type;
    // `task x` can never appear inside a declaration: a new one starts here.
    if (i > b && is_decl_keyword(t) &&
        (toks[i + 1].type == P::IDENT || toks[i + 1].type == P::STR_OPEN))
      return i;
    switch (t) {
      case P::LBRACE:
      case P::LPAREN:
      case P::LBRACK:
      case P::INTERP_OPEN:
        open.push_back(t);
        break;
      case P::RPAREN:
      case P::RBRACK:
        if (!open.empty()) open.pop_back();
        break;
      case P::RBRACE: {
        if (open.empty()) break;
        uint32_t opener = open.back();
        open.pop_back();
        if (open.empty() && opener == P::LBRACE && toks[i + 1].type != P::SEMI) return i + 1;
        break;
      }
      case P::SEMI:
        if (open.empty()) return i + 1;
        break;
      default:
        break;
    }
  }
  return toks.size() - 1;
}

struct ItemAbort {};

// Records the first syntax error of an item and aborts its parse.
class FirstErrorListener : public antlr4::BaseErrorListener {
 public:
  SyntaxErrorInfo info;
  void syntaxError(antlr4::Recognizer* r, antlr4::Token* off, size_t, size_t, const std::string&,
                   std::exception_ptr e) override {
    auto* parser = static_cast<antlr4::Parser*>(r);
    info.offending = off ? off->getTokenIndex() : 0;
    info.context = parser->getContext();
    try {
      info.expected = parser->getExpectedTokens();
    } catch (...) {
    }
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (antlr4::NoViableAltException& nv) {
        info.no_viable = true;
        if (nv.getOffendingToken()) info.offending = nv.getOffendingToken()->getTokenIndex();
      } catch (antlr4::RecognitionException& re) {
        if (re.getOffendingToken()) info.offending = re.getOffendingToken()->getTokenIndex();
        try {
          info.expected = re.getExpectedTokens();
        } catch (...) {
        }
      } catch (...) {
      }
    }
    throw ItemAbort{};
  }
};

}  // namespace

ast::File parse_file(uint32_t file_id, std::string_view text, DiagnosticSink& diags,
                     const LexLimits& limits) {
  ast::File out;
  out.file_id = file_id;
  LexResult lex = bfc::lex(file_id, text, diags, limits);
  out.comments = std::move(lex.comments);
  if (lex.fatal) return out;

  const auto& toks = lex.tokens;
  detail::SliceTokenStream stream(text);
  stream.reset(toks, 0, 0);
  P parser(&stream);
  parser.removeErrorListeners();
  auto bail = std::make_shared<antlr4::BailErrorStrategy>();
  auto recover = std::make_shared<antlr4::DefaultErrorStrategy>();

  size_t i = 0;
  while (toks[i].type != kEof) {
    size_t end = item_end(toks, i);
    if (end <= i) end = i + 1;
    bool has_bad = false;
    for (size_t k = i; k < end; ++k) has_bad |= toks[k].type == P::BAD;

    detail::BuildContext bc{file_id, lex, i};
    stream.reset(toks, i, end);
    parser.setTokenStream(&stream);
    parser.setErrorHandler(bail);
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    bool ok = false;
    try {
      P::SingleItemContext* tree = parser.singleItem();
      out.decls.push_back(detail::build_decl(bc, tree->item(), text));
      ok = true;
    } catch (antlr4::ParseCancellationException&) {
    } catch (antlr4::RecognitionException&) {
    }
    if (!ok && !has_bad) {
      // Re-parse with full LL prediction to find and describe the first error.
      parser.getTreeTracker().reset();
      stream.seek(0);
      parser.setTokenStream(&stream);
      parser.setErrorHandler(recover);
      parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
          antlr4::atn::PredictionMode::LL);
      FirstErrorListener listener;
      parser.addErrorListener(&listener);
      bool reported = false;
      try {
        parser.singleItem();
      } catch (ItemAbort&) {
        report_syntax_error(bc, listener.info, text, diags);
        reported = true;
      } catch (...) {
      }
      parser.removeErrorListeners();
      if (!reported) {
        const Token& t = toks[i];
        diags.report(DiagCode::E0001, Span{file_id, t.begin, t.end},
                     "this declaration does not parse");
      }
    }
    parser.getTreeTracker().reset();
    i = end;
  }
  return out;
}

}  // namespace bfc
