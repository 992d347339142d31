// Exact source slices for the formatter.
#include "formatter/source_text.h"

#include <algorithm>

namespace bfc::formatter {

namespace {
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
}  // namespace

const ast::Comment* SourceText::comment_at(uint32_t offset) const {
  auto it = std::lower_bound(comments_.begin(), comments_.end(), offset,
                             [](const ast::Comment& c, uint32_t o) { return c.span.begin < o; });
  return it != comments_.end() && it->span.begin == offset ? &*it : nullptr;
}

const ast::Comment* SourceText::comment_ending_at(uint32_t offset) const {
  // Comments never overlap, so their ends are sorted as well.
  auto it = std::lower_bound(comments_.begin(), comments_.end(), offset,
                             [](const ast::Comment& c, uint32_t o) { return c.span.end < o; });
  return it != comments_.end() && it->span.end == offset ? &*it : nullptr;
}

Span SourceText::strip_parens(Span s) const {
  uint32_t b = s.begin, e = s.end;
  while (b < e) {
    // Trim blanks and comments on both ends, then one layer of parentheses.
    bool trimmed = true;
    while (trimmed && b < e) {
      trimmed = false;
      if (is_space(src_[b])) {
        ++b;
        trimmed = true;
        continue;
      }
      if (const ast::Comment* c = comment_at(b); c && c->span.end <= e) {
        b = c->span.end;
        trimmed = true;
      }
    }
    trimmed = true;
    while (trimmed && b < e) {
      trimmed = false;
      // A line comment's span keeps its trailing blanks: look for comments first.
      if (const ast::Comment* c = comment_ending_at(e); c && c->span.begin >= b) {
        e = c->span.begin;
        trimmed = true;
        continue;
      }
      if (is_space(src_[e - 1])) {
        --e;
        trimmed = true;
      }
    }
    if (e - b >= 2 && src_[b] == '(' && src_[e - 1] == ')') {
      ++b;
      --e;
      continue;
    }
    break;
  }
  return Span{s.file, b, e};
}

std::string SourceText::comment_text(const ast::Comment& c) const {
  std::string_view t = slice(c.span);
  if (t.substr(0, 2) != "/*")
    while (!t.empty() && is_space(t.back())) t.remove_suffix(1);
  return std::string(t);
}

bool SourceText::same_line(uint32_t begin, uint32_t end) const {
  if (begin >= end) return true;
  return slice(begin, end).find('\n') == std::string_view::npos;
}

bool SourceText::has_blank_line(uint32_t begin, uint32_t end) const {
  if (begin >= end) return false;
  std::string_view t = slice(begin, end);
  return std::count(t.begin(), t.end(), '\n') >= 2;
}

}  // namespace bfc::formatter
