#include "support/source.h"

#include <algorithm>

namespace bfc {

SourceManager::SourceManager() {
  files_.emplace_back();
}

uint32_t SourceManager::add(std::string path, std::string absolute_path, std::string text) {
  SourceFile f;
  f.path = std::move(path);
  f.absolute_path = std::move(absolute_path);
  f.text = std::move(text);
  const std::string& t = f.text;
  // A byte order mark is not part of line 1: columns and the quoted line start after it.
  f.line_starts.push_back(t.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0);
  for (size_t i = 0; i < t.size(); ++i)
    if (t[i] == '\n') f.line_starts.push_back(static_cast<uint32_t>(i + 1));
  files_.push_back(std::move(f));
  return static_cast<uint32_t>(files_.size() - 1);
}

uint32_t SourceManager::find(std::string_view absolute_path) const {
  for (size_t i = 1; i < files_.size(); ++i)
    if (files_[i].absolute_path == absolute_path) return static_cast<uint32_t>(i);
  return 0;
}

Position SourceManager::position(uint32_t file, uint32_t offset) const {
  if (file == 0 || file >= files_.size()) return {};
  const auto& ls = files_[file].line_starts;
  auto it = std::upper_bound(ls.begin(), ls.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - ls.begin());  // 1-based
  if (line == 0) return Position{1, 1};                    // inside the byte order mark
  return Position{line, offset - ls[line - 1] + 1};
}

std::string_view SourceManager::line_text(uint32_t file, uint32_t line) const {
  if (file == 0 || file >= files_.size()) return {};
  const auto& f = files_[file];
  if (line == 0 || line > f.line_starts.size()) return {};
  size_t b = f.line_starts[line - 1];
  size_t e = line < f.line_starts.size() ? f.line_starts[line] - 1 : f.text.size();
  if (e > b && f.text[e - 1] == '\r') --e;
  return std::string_view(f.text).substr(b, e - b);
}

std::string_view SourceManager::text(Span s) const {
  if (s.file == 0 || s.file >= files_.size()) return {};
  const auto& t = files_[s.file].text;
  if (s.begin > t.size() || s.end > t.size() || s.end < s.begin) return {};
  return std::string_view(t).substr(s.begin, s.end - s.begin);
}

}  // namespace bfc
