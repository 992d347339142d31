// Source files and spans: every AST node and diagnostic points into a SourceManager.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bfc {

// A half-open byte range [begin, end) in one loaded file. Line and column are computed
// on demand from the file's line table, so spans stay 12 bytes.
struct Span {
  uint32_t file = 0;
  uint32_t begin = 0;
  uint32_t end = 0;

  // The smallest span covering both (same file assumed).
  static Span cover(Span a, Span b) {
    return Span{a.file, a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end};
  }
  // Whether the span has a location (file id 0 means none).
  bool valid() const { return file != 0; }
};

// A 1-based line/column position; columns count bytes.
struct Position {
  uint32_t line = 0;
  uint32_t column = 0;
};

// One loaded file: its path as shown to users and its bytes.
struct SourceFile {
  std::string path;           // as shown in diagnostics (relative where possible)
  std::string absolute_path;  // canonical, for identity
  std::string text;
  std::vector<uint32_t> line_starts;  // byte offset of each line's first character
};

// Owns every loaded source file. File id 0 is reserved for "no location".
class SourceManager {
 public:
  // No files yet (id 0 is taken by the "no location" placeholder).
  SourceManager();
  // Adds a file; returns its id (>= 1).
  uint32_t add(std::string path, std::string absolute_path, std::string text);
  // The file with id `id` (>= 1).
  const SourceFile& file(uint32_t id) const { return files_[id]; }
  // How many files are loaded.
  size_t count() const { return files_.size() - 1; }
  // The file id whose absolute path matches, or 0.
  uint32_t find(std::string_view absolute_path) const;

  // The line and column of a byte offset in a file.
  Position position(uint32_t file, uint32_t offset) const;
  // Where a span starts.
  Position begin(Span s) const { return position(s.file, s.begin); }
  // Where a span ends (the position just after its last byte).
  Position end(Span s) const { return position(s.file, s.end); }
  // The text of the given 1-based line without its newline.
  std::string_view line_text(uint32_t file, uint32_t line) const;
  // The source bytes a span covers.
  std::string_view text(Span s) const;

 private:
  std::vector<SourceFile> files_;
};

}  // namespace bfc
