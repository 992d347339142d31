// The `bfc fmt` command as a library function, so the CLI stays a thin argument parser.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace bfc {

// The `bfc fmt` command line.
struct FmtOptions {
  std::vector<std::string> paths;  // files, or directories (their *.bf, recursively); "-" = stdin
  bool check = false;              // report only: list files that need formatting, exit 3
  bool diff = false;               // print a unified diff of each change
  bool color = false;              // colored diagnostics
};

// Exit codes (terraform's): 0 done / already formatted, 2 a file does not parse or cannot
// be read or written, 3 with --check: some file needs formatting. Without --check, files
// that change are rewritten atomically and their paths printed; stdin is formatted to
// stdout. Diagnostics go to `err`.
int fmt_command(const FmtOptions& opts, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace bfc
