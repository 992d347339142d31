// The layout walker: prints a parsed file in the canonical style, placing every comment.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "formatter/comment_map.h"
#include "formatter/line_writer.h"
#include "formatter/source_text.h"
#include "frontend/ast.h"

namespace bfc::formatter {

// Columns a line may take before lists break one item per line.
constexpr size_t kMaxWidth = 100;
// Spaces per nesting level.
constexpr int kIndent = 2;

// Prints one file; use once.
class Printer {
 public:
  // `file` must have parsed without errors; `st` holds its text and comments.
  Printer(const ast::File& file, const SourceText& st);
  // The formatted file.
  std::string run();

 private:
  // A run of items between brackets (or the whole file) with the comments among them.
  struct Sequence {
    std::vector<Span> items;
    const std::vector<size_t>* comments = nullptr;  // owned by this container
    uint32_t open_end = 0;                          // just after `{` / `[`; 0 for the file
    bool has_open = false;                          // comments on the opening line stay on it
    int indent = 0;                                 // of the items
    std::function<bool(size_t)> force_blank;        // an empty line before item i (i > 0)
    std::function<void(size_t)> emit;               // prints item i on the current line
  };
  void sequence(const Sequence& s);

  void decl(const ast::Decl& d);
  void block(const ast::Block& b, int indent);
  void member(const ast::Member& m, int indent);
  // The `{ a = 1; b = 2; }` form of a nested block, or "" when it must be expanded.
  std::string one_line_block(const ast::Block& b, int indent, size_t prefix) const;
  void expr(const ast::Expr& e, int indent, size_t suffix);
  void operand(const ast::Expr& parent, size_t i, int indent, size_t suffix);
  void broken_list(const ast::Expr& e, int indent);
  // A list inside `e` must break: it holds comments or a multi-line item.
  bool forced_break(const ast::Expr& e) const;

  const ast::File& file_;
  const SourceText& st_;
  CommentMap comments_;
  LineWriter w_;
};

}  // namespace bfc::formatter
