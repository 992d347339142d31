// The parsed AST: plain structs, one per construct, each with a source span. Produced by
// ast_builder.cpp from the ANTLR parse tree; nothing after the front end sees ANTLR.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "support/source.h"

namespace bfc::ast {

// What an Expr is; the comment says which of its fields hold the value.
enum class ExprKind : uint8_t {
  Int,       // int_value
  Bool,      // int_value 0/1
  Duration,  // int_value = seconds; text = source spelling ("30s")
  Date,      // int_value = days since 1970-01-01
  Time,      // int_value = minutes since midnight
  DateTime,  // int_value = minutes since 1970-01-01T00:00
  String,    // parts (text and interpolated expressions); heredoc flag
  Name,      // text = identifier
  List,      // items
  Range,     // items[0] .. items[1] (inclusive)
  Unary,     // op '-' items[0]
  Binary,    // items[0] op items[1]; op in + - * / % &
  Call,      // text = function name, name_span, items = arguments
  Index,     // items[0] [ items[1] ]  (offset such as dep[-1d])
};

struct Expr;
// Expressions own their operands.
using ExprPtr = std::unique_ptr<Expr>;

// One piece of a string literal: literal text, or an interpolated `${expr}`.
struct StringPart {
  std::string text;  // literal text (escapes resolved, heredoc indentation stripped)
  ExprPtr expr;      // set for `${...}` parts
  Span span;         // the part in the source (for `${}`: the whole `${...}`)
};

// One expression: a literal, a name, a string with interpolations, or an operator or call
// over `items`. Which fields are set depends on `kind`.
struct Expr {
  ExprKind kind;
  Span span;
  int64_t int_value = 0;
  char op = 0;
  bool heredoc = false;
  std::string text;
  Span name_span;  // Call: the function name
  std::vector<ExprPtr> items;
  std::vector<StringPart> parts;

  // An expression of kind `k` at `s`, its value fields still empty.
  Expr(ExprKind k, Span s) : kind(k), span(s) {}
};

struct Block;

// `name = v1, v2;` or `name { ... }` inside a block.
struct Member {
  std::string name;
  Span name_span;
  Span span;                     // whole member including `;` or `}`
  std::vector<ExprPtr> values;   // property values (comma separated); empty for blocks
  std::unique_ptr<Block> block;  // nested block (alert, limits)
  // Whether this is a nested block (`alert { ... }`) rather than a property.
  bool is_block() const { return block != nullptr; }
};

// A `{ ... }` body: the members in source order.
struct Block {
  Span span;  // from `{` to `}`
  std::vector<Member> members;
  // The first member with this name, or nullptr.
  const Member* find(const std::string& name) const {
    for (const auto& m : members)
      if (m.name == name) return &m;
    return nullptr;
  }
};

// Which keyword starts a top-level declaration.
enum class DeclKind : uint8_t { Import, Param, Workspace, Task, Policy, Backfill };

// One top-level declaration.
struct Decl {
  DeclKind kind;
  Span span;          // whole declaration
  Span keyword_span;  // `task`, `import`, ...
  std::string name;   // empty for imports
  Span name_span;
  ExprPtr value;  // import path (String) or param value
  Block body;     // workspace / task / policy / backfill
};

// A comment, kept for the formatter.
struct Comment {
  Span span;
  bool own_line = false;  // nothing but whitespace before it on its line
};

// One parsed source file.
struct File {
  uint32_t file_id = 0;
  std::vector<Decl> decls;
  std::vector<Comment> comments;
};

// The keyword of a declaration kind: "import", "param", "task", ...
const char* decl_keyword(DeclKind k);

}  // namespace bfc::ast
