// `--dump=tokens`: the hand-written lexer's token stream, one token a line.
#include <fmt/format.h>

#include <algorithm>
#include <utility>

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
    if (c == '"' || c == '\\')
      out += {'\\', ch};
    else if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\r')
      out += "\\r";
    else if (c < 0x20 || c == 0x7f)
      out += fmt::format("\\x{:02x}", c);
    else
      out += ch;
  }
  return out + "\"";
}

std::string counted(size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

namespace {

// The grammar's symbolic name of a token type ("KW_TASK", "SEMI", ...).
const char* token_kind(uint32_t type) {
  static const std::pair<uint32_t, const char*> kKinds[] = {{P::IDENT, "IDENT"},
                                                            {P::INT, "INT"},
                                                            {P::DURATION, "DURATION"},
                                                            {P::DATE, "DATE"},
                                                            {P::TIME, "TIME"},
                                                            {P::DATETIME, "DATETIME"},
                                                            {P::TRUE, "TRUE"},
                                                            {P::FALSE, "FALSE"},
                                                            {P::KW_IMPORT, "KW_IMPORT"},
                                                            {P::KW_WORKSPACE, "KW_WORKSPACE"},
                                                            {P::KW_PARAM, "KW_PARAM"},
                                                            {P::KW_TASK, "KW_TASK"},
                                                            {P::KW_POLICY, "KW_POLICY"},
                                                            {P::KW_BACKFILL, "KW_BACKFILL"},
                                                            {P::STR_OPEN, "STR_OPEN"},
                                                            {P::STR_CLOSE, "STR_CLOSE"},
                                                            {P::STR_TEXT, "STR_TEXT"},
                                                            {P::INTERP_OPEN, "INTERP_OPEN"},
                                                            {P::HEREDOC_OPEN, "HEREDOC_OPEN"},
                                                            {P::HEREDOC_CLOSE, "HEREDOC_CLOSE"},
                                                            {P::LBRACE, "LBRACE"},
                                                            {P::RBRACE, "RBRACE"},
                                                            {P::LPAREN, "LPAREN"},
                                                            {P::RPAREN, "RPAREN"},
                                                            {P::LBRACK, "LBRACK"},
                                                            {P::RBRACK, "RBRACK"},
                                                            {P::SEMI, "SEMI"},
                                                            {P::COMMA, "COMMA"},
                                                            {P::ASSIGN, "ASSIGN"},
                                                            {P::DOTDOT, "DOTDOT"},
                                                            {P::PLUS, "PLUS"},
                                                            {P::MINUS, "MINUS"},
                                                            {P::STAR, "STAR"},
                                                            {P::SLASH, "SLASH"},
                                                            {P::PERCENT, "PERCENT"},
                                                            {P::AMP, "AMP"},
                                                            {P::BAD, "BAD"}};
  if (type == static_cast<uint32_t>(antlr4::Token::EOF)) return "EOF";
  for (const auto& [t, name] : kKinds)
    if (t == type) return name;
  return "?";
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
    out +=
        fmt::format("  {:<{}}  {:<13} {}\n", where[i], width, token_kind(t.type), quoted(spelling));
  }
  if (lexed.fatal) out += "  (lexing stopped early)\n";
  return out;
}

}  // namespace bfc
