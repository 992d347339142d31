// Helpers shared by the formatter tests: format a text, dump its AST canonically.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bfc::fmttest {

// The result of parsing and formatting one in-memory text.
struct Formatted {
  bool ok = false;          // parsed without errors
  std::string text;         // the formatted text when ok
  std::string diagnostics;  // rendered errors otherwise
};
Formatted format_text(std::string_view src);

// A canonical dump of the parsed AST (no spans): equal dumps mean equal meaning. Sets
// `ok` to false when the text does not parse.
std::string dump_ast(std::string_view src, bool* ok = nullptr);

// The comments of a text, each as the formatter prints it (line comments right-trimmed).
std::vector<std::string> comment_texts(std::string_view src);

// Every .bf file under the given directories of the source tree (missing ones skipped).
std::vector<std::string> bf_files_under(const std::vector<std::string>& dirs);

std::string read_all(const std::string& path);

}  // namespace bfc::fmttest
