// Output lines and trailing-comment alignment.
#include "formatter/line_writer.h"

#include <algorithm>

#include "formatter/expr_text.h"

namespace bfc::formatter {

namespace {
constexpr size_t kCommentGap = 2;  // spaces between the longest code and its comment

size_t indentation(const std::string& code) {
  size_t n = 0;
  while (n < code.size() && code[n] == ' ') ++n;
  return n;
}

size_t last_line_width(std::string_view s) {
  size_t nl = s.rfind('\n');
  return first_line_width(nl == std::string_view::npos ? s : s.substr(nl + 1));
}
}  // namespace

void LineWriter::line(int indent, bool blank) {
  if (!lines_.back().empty()) lines_.emplace_back();
  if (blank && lines_.size() > 1 && !lines_[lines_.size() - 2].empty()) {
    lines_.back() = Line{};
    lines_.emplace_back();
  }
  lines_.back().code.assign(static_cast<size_t>(indent), ' ');
}

void LineWriter::write(std::string_view text) {
  size_t start = 0;
  while (true) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      lines_.back().code.append(text.substr(start));
      return;
    }
    lines_.back().code.append(text.substr(start, nl - start));
    lines_.emplace_back();
    start = nl + 1;
  }
}

void LineWriter::trailing(std::string_view comment) {
  std::string& c = lines_.back().comment;
  if (!c.empty()) c += ' ';
  c.append(comment);
}

size_t LineWriter::column() const {
  return first_line_width(lines_.back().code);
}

std::string LineWriter::finish() const {
  size_t n = lines_.size();
  while (n > 0 && lines_[n - 1].empty()) --n;
  std::string out;
  size_t i = 0;
  while (i < n) {
    if (lines_[i].comment.empty()) {
      out += lines_[i].code;
      out += '\n';
      ++i;
      continue;
    }
    // Consecutive lines with trailing comments at one indentation share a comment column.
    size_t j = i, col = 0, indent = indentation(lines_[i].code);
    for (; j < n && !lines_[j].comment.empty() && indentation(lines_[j].code) == indent; ++j)
      col = std::max(col, last_line_width(lines_[j].code));
    for (; i < j; ++i) {
      const Line& l = lines_[i];
      out += l.code;
      out.append(col + kCommentGap - last_line_width(l.code), ' ');
      out += l.comment;
      out += '\n';
    }
  }
  return out;
}

}  // namespace bfc::formatter
