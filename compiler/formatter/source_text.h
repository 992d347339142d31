// The formatter's view of one source file: its bytes and its comments, with the helpers
// that turn AST spans back into exact source slices.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "frontend/ast.h"

namespace bfc::formatter {

// Source bytes plus the comment list (sorted by offset, as the lexer produces it).
class SourceText {
 public:
  // Views `src` and `comments`; both must outlive this object.
  SourceText(std::string_view src, const std::vector<ast::Comment>& comments)
      : src_(src), comments_(comments) {}

  // The whole file.
  std::string_view src() const { return src_; }
  // The file's comments, sorted by offset.
  const std::vector<ast::Comment>& comments() const { return comments_; }
  // The source bytes [begin, end).
  std::string_view slice(uint32_t begin, uint32_t end) const {
    return src_.substr(begin, end - begin);
  }
  // The source bytes of a span of this file.
  std::string_view slice(Span s) const { return slice(s.begin, s.end); }

  // The span of a primary expression (literal, string, name, call, list) without the
  // parentheses, whitespace and comments the parser kept around it: `( "x" )` -> `"x"`.
  Span strip_parens(Span s) const;

  // The text of a comment as printed: line comments lose trailing blanks.
  std::string comment_text(const ast::Comment& c) const;

  // True when [begin, end) contains no newline.
  bool same_line(uint32_t begin, uint32_t end) const;
  // True when [begin, end) holds at least one empty line (two or more newlines).
  bool has_blank_line(uint32_t begin, uint32_t end) const;

 private:
  // The comment starting exactly at `offset` / ending exactly at `offset`, or nullptr.
  const ast::Comment* comment_at(uint32_t offset) const;
  const ast::Comment* comment_ending_at(uint32_t offset) const;

  std::string_view src_;
  const std::vector<ast::Comment>& comments_;
};

}  // namespace bfc::formatter
