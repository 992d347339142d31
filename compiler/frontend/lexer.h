// The hand-written lexer for .bf files. It produces compact tokens whose types are the
// constants ANTLR generates from grammar/BfParser.g4, plus the comments (for the
// formatter). Lexical errors are reported as diagnostics and become BAD tokens.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "frontend/ast.h"
#include "support/diagnostics.h"

namespace bfc {

// One token: its type, its byte range, and a payload (literal value or cooked text).
struct Token {
  uint32_t type = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t text = UINT32_MAX;  // index into LexResult::texts (STR_TEXT cooked text)
  int64_t value = 0;           // INT, DURATION (s), DATE (days), TIME (min), DATETIME (min)
};

// One file's tokens, the cooked string texts they refer to, and the comments.
struct LexResult {
  std::vector<Token> tokens;           // ends with an EOF token (type antlr4::Token::EOF)
  std::vector<std::string> texts;      // Token::text indexes here
  std::vector<ast::Comment> comments;  // in source order, for the formatter
  bool fatal = false;                  // lexing stopped early (invalid UTF-8, too deep, too large)
};

// Limits that keep hostile input from exhausting the stack or memory.
struct LexLimits {
  size_t max_bytes = 64u << 20;   // E0007 beyond this
  uint32_t max_nesting = 200;     // brackets, braces, parentheses, interpolations
  uint32_t max_operators = 2000;  // operators in one statement (bounds tree depth)
};

// Lexes one file's text. `file` is the SourceManager id used for diagnostic spans.
LexResult lex(uint32_t file, std::string_view text, DiagnosticSink& diags,
              const LexLimits& limits = {});

// The user-facing spelling of a token type, e.g. "`;`" or "identifier".
std::string token_description(uint32_t type);

}  // namespace bfc
