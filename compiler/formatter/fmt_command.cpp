// bfc fmt: expand the paths, format each input, then check, diff, print or rewrite.
#include "formatter/fmt_command.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>

#include "common/file_io.h"
#include "formatter/formatter.h"
#include "formatter/unified_diff.h"

namespace bfc {

namespace {

constexpr int kExitError = 2;
constexpr int kExitNeedsFormat = 3;

// Files to format: named files as given, directories' *.bf files in sorted order.
std::vector<std::string> expand(const std::vector<std::string>& paths, std::ostream& err,
                                bool& ok) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (p != "-" && fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(p, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file() && it->path().extension() == ".bf")
          found.push_back(it->path().string());
      if (ec) {
        err << "bfc: error: cannot list " << p << ": " << ec.message() << "\n";
        ok = false;
      }
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back(p);
    }
  }
  return out;
}

class FmtRun {
 public:
  FmtRun(const FmtOptions& o, std::istream& in, std::ostream& out, std::ostream& err)
      : o_(o), in_(in), out_(out), err_(err) {}

  int run() {
    bool ok = true;
    std::vector<std::string> inputs =
        expand(o_.paths.empty() ? std::vector<std::string>{"-"} : o_.paths, err_, ok);
    if (!ok) failed_ = true;
    for (const auto& p : inputs) one(p);
    if (failed_) return kExitError;
    return o_.check && needs_format_ ? kExitNeedsFormat : 0;
  }

 private:
  void one(const std::string& path) {
    bool is_stdin = path == "-";
    std::string text, error;
    if (is_stdin) {
      text.assign(std::istreambuf_iterator<char>(in_), std::istreambuf_iterator<char>());
    } else if (!read_file(path, text, &error)) {
      err_ << "bfc: error: " << error << "\n";
      failed_ = true;
      return;
    }
    std::string shown = is_stdin ? "<stdin>" : path;
    SourceManager sm;
    uint32_t id = sm.add(shown, shown, text);
    DiagnosticSink diags;
    std::optional<std::string> formatted = format_source(sm, id, diags);
    if (!formatted) {
      diags.sort_and_dedupe(sm);
      for (const auto& d : diags.diagnostics()) err_ << render_text(sm, d, o_.color);
      failed_ = true;
      return;
    }
    bool changed = *formatted != text;
    if (changed) needs_format_ = true;
    if (o_.diff && changed)
      out_ << formatter::unified_diff(text, *formatted, is_stdin ? "<stdin>" : "a/" + path,
                                      is_stdin ? "<stdin>" : "b/" + path);
    if (is_stdin) {
      if (!o_.check && !o_.diff) out_ << *formatted;
      return;
    }
    if (!changed) return;
    if (o_.check) {
      if (!o_.diff) out_ << path << "\n";
      return;
    }
    if (!write_atomically(path, *formatted, error, {.keep_original = true, .durable = true})) {
      err_ << "bfc: error: " << error << "\n";
      failed_ = true;
      return;
    }
    if (!o_.diff) out_ << path << "\n";
  }

  const FmtOptions& o_;
  std::istream& in_;
  std::ostream& out_;
  std::ostream& err_;
  bool failed_ = false;
  bool needs_format_ = false;
};

}  // namespace

int fmt_command(const FmtOptions& opts, std::istream& in, std::ostream& out, std::ostream& err) {
  return FmtRun(opts, in, out, err).run();
}

}  // namespace bfc
