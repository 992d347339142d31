// `--dump=tokens`: the hand-written lexer's token stream, one token a line.
#include <fmt/format.h>

#include <algorithm>

#include "BfParser.h"
#include "frontend/dump.h"

namespace bfc {

using P = gen::BfParser;

std::string span_position(const SourceManager& sm, Span s) {
  if (!s.valid()) return "-";
  Position p = sm.begin(s);
  return fmt::format("{}:{}:{}", sm.file(s.file).path, p.line, p.column);
}

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') out += {'\\', ch};
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", c);
    else out += ch;
  }
  return out + "\"";
}

std::string counted(size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

namespace {

// The grammar's symbolic name of a token type ("KW_TASK", "SEMI", ...).
const char* token_kind(uint32_t type) {
  switch (type) {
#define KIND(name) \
  case P::name: return #name;
    KIND(IDENT) KIND(INT) KIND(DURATION) KIND(DATE) KIND(TIME) KIND(DATETIME) KIND(TRUE)
    KIND(FALSE) KIND(KW_IMPORT) KIND(KW_WORKSPACE) KIND(KW_PARAM) KIND(KW_TASK)
    KIND(KW_POLICY) KIND(KW_BACKFILL) KIND(STR_OPEN) KIND(STR_CLOSE) KIND(STR_TEXT)
    KIND(INTERP_OPEN) KIND(HEREDOC_OPEN) KIND(HEREDOC_CLOSE) KIND(LBRACE) KIND(RBRACE)
    KIND(LPAREN) KIND(RPAREN) KIND(LBRACK) KIND(RBRACK) KIND(SEMI) KIND(COMMA) KIND(ASSIGN)
    KIND(DOTDOT) KIND(PLUS) KIND(MINUS) KIND(STAR) KIND(SLASH) KIND(PERCENT) KIND(AMP) KIND(BAD)
#undef KIND
    case static_cast<uint32_t>(antlr4::Token::EOF): return "EOF";
    default: return "?";
  }
}

}  // namespace

std::string dump_tokens(const SourceManager& sm, uint32_t file, const LexLimits& limits) {
  std::string_view text = sm.file(file).text;
  DiagnosticSink scratch;  // the loader reported these diagnostics already
  LexResult lexed = lex(file, text, scratch, limits);
  std::vector<std::string> where;
  size_t width = 0;
  for (const Token& t : lexed.tokens) {
    where.push_back(span_position(sm, Span{file, t.begin, t.end}));
    width = std::max(width, where.back().size());
  }
  std::string out = fmt::format("tokens of {}: {}, {} (kept for the formatter)\n",
                                sm.file(file).path, counted(lexed.tokens.size(), "token", "tokens"),
                                counted(lexed.comments.size(), "comment", "comments"));
  for (size_t i = 0; i < lexed.tokens.size(); ++i) {
    const Token& t = lexed.tokens[i];
    std::string_view spelling = text.substr(t.begin, t.end - t.begin);
    out += fmt::format("  {:<{}}  {:<13} {}\n", where[i], width, token_kind(t.type),
                       quoted(spelling));
  }
  if (lexed.fatal) out += "  (lexing stopped early)\n";
  return out;
}

}  // namespace bfc
