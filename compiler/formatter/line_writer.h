// The formatter's output buffer: lines of code, each with an optional trailing comment.
// Trailing comments on consecutive lines of one indentation are aligned to one column.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bfc::formatter {

// Collects the formatted lines; finish() aligns the trailing comments.
class LineWriter {
 public:
  // Starts a new line indented by `indent` spaces (reusing the current line when it is
  // still empty). `blank` puts one empty line before it, except at the start of output.
  void line(int indent, bool blank);
  // Appends text to the current line. Newlines in it (heredocs) end lines verbatim.
  void write(std::string_view text);
  // Attaches a comment to the end of the current line.
  void trailing(std::string_view comment);
  // The current line's width in columns.
  size_t column() const;
  // The whole output: trailing comments aligned, one final newline (none when empty).
  std::string finish() const;

 private:
  struct Line {
    std::string code;
    std::string comment;
    bool empty() const { return code.empty() && comment.empty(); }
  };
  std::vector<Line> lines_{1};
};

}  // namespace bfc::formatter
