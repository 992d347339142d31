#include "frontend/loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/file_io.h"
#include "frontend/parser.h"

namespace bfc {

namespace fs = std::filesystem;

namespace {

std::string display_path(const fs::path& abs, const std::string& stdlib) {
  std::error_code ec;
  fs::path rel_std = fs::relative(abs, stdlib, ec);
  if (!ec && !rel_std.empty() && *rel_std.begin() != "..") return "std/" + rel_std.generic_string();
  fs::path rel = fs::relative(abs, fs::current_path(ec), ec);
  if (!ec && !rel.empty() && *rel.begin() != "..") return rel.generic_string();
  return abs.generic_string();
}

bool is_within(const fs::path& p, const fs::path& root) {
  auto r = root.begin(), pi = p.begin();
  for (; r != root.end(); ++r, ++pi) {
    if (r->empty()) continue;
    if (pi == p.end() || *pi != *r) return false;
  }
  return true;
}

std::string find_root(const fs::path& entry) {
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(entry, ec).parent_path();
  for (fs::path d = dir; !d.empty(); d = d.parent_path()) {
    if (fs::exists(d / ".git", ec) || fs::exists(d / "bfc.project", ec)) return d.string();
    if (d == d.parent_path()) break;
  }
  return dir.string();
}

// The .bf files beside the missing `target`, spelled as an import of `written` would
// spell them (same directory prefix, `std/` included), for a did-you-mean.
std::vector<std::string> import_candidates(const fs::path& target, const std::string& written) {
  std::vector<std::string> out;
  size_t slash = written.rfind('/');
  std::string prefix = slash == std::string::npos ? "" : written.substr(0, slash + 1);
  std::error_code ec;
  for (fs::directory_iterator it(target.parent_path(), ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".bf") out.push_back(prefix + it->path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

class Loader {
 public:
  Loader(const LoadOptions& opts, Program& prog, DiagnosticSink& diags)
      : opts_(opts), prog_(prog), diags_(diags), stdlib_(resolve_stdlib_dir(opts)) {}

  // Loads one file (if not loaded yet) and its imports. Returns the file id or 0.
  uint32_t load(const fs::path& abs, std::vector<uint32_t>& stack) {
    uint32_t existing = prog_.sources.find(abs.string());
    if (existing) return existing;
    std::string text;
    uintmax_t size = 0;
    if (!read_file_bounded(abs.string(), opts_.limits.max_bytes, 4096, text, size)) return 0;
    uint32_t id = prog_.sources.add(display_path(abs, stdlib_), abs.string(), std::move(text));
    const std::string& src = prog_.sources.file(id).text;
    ast::File f;
    f.file_id = id;
    if (size > opts_.limits.max_bytes)
      diags_.report(
          DiagCode::E0007, Span{id, 0, 0},
          fmt::format("file is {} bytes; the limit is {} bytes", size, opts_.limits.max_bytes));
    else
      f = parse_file(id, src, diags_, opts_.limits);
    size_t index = prog_.files.size();
    prog_.files.push_back(std::move(f));
    stack.push_back(id);
    // Copy the imports first: loading may grow prog_.files.
    std::vector<std::pair<std::string, Span>> imports;
    for (const auto& d : prog_.files[index].decls)
      if (d.kind == ast::DeclKind::Import) imports.push_back(import_path(d));
    for (auto& [path, span] : imports) follow(abs, path, span, stack);
    stack.pop_back();
    return id;
  }

 private:
  std::pair<std::string, Span> import_path(const ast::Decl& d) {
    std::string path;
    const ast::Expr& e = *d.value;
    for (const auto& part : e.parts) {
      if (part.expr) {
        diags_.report(DiagCode::E0013, part.span, "import paths cannot contain `${...}`");
        return {"", e.span};
      }
      path += part.text;
    }
    return {path, e.span};
  }

  void follow(const fs::path& from, const std::string& path, Span span,
              std::vector<uint32_t>& stack) {
    if (path.empty()) {
      if (!diags_.has_errors()) diags_.report(DiagCode::E0101, span, "empty import path");
      return;
    }
    bool is_std = path.rfind("std/", 0) == 0;
    fs::path target = is_std ? fs::path(stdlib_) / path.substr(4) : from.parent_path() / path;
    std::error_code ec;
    fs::path abs = fs::weakly_canonical(target, ec);
    if (ec) abs = target.lexically_normal();
    if (!is_std && !is_within(abs, prog_.root)) {
      auto& d = diags_.report(DiagCode::E0103, span,
                              fmt::format("import `{}` is outside the project root", path));
      d.notes.push_back({Span{}, fmt::format("the project root is `{}` (the nearest directory with "
                                             ".git or bfc.project)",
                                             prog_.root)});
      return;
    }
    uint32_t existing = prog_.sources.find(abs.string());
    if (existing) {
      for (size_t i = 0; i < stack.size(); ++i) {
        if (stack[i] != existing) continue;
        std::string chain;
        for (size_t k = i; k < stack.size(); ++k)
          chain += prog_.sources.file(stack[k]).path + " -> ";
        chain += prog_.sources.file(existing).path;
        auto& d = diags_.report(DiagCode::E0102, span, fmt::format("import cycle: {}", chain));
        d.notes.push_back(
            {Span{},
             "imports must form a tree; move the shared declarations to a file both import"});
        return;
      }
      return;  // already loaded through another path: fine
    }
    if (!fs::exists(abs, ec)) {
      auto& d =
          diags_.report(DiagCode::E0101, span, fmt::format("cannot find imported file `{}`", path));
      d.notes.push_back({Span{}, fmt::format("looked for `{}`", abs.string())});
      std::string best = closest_match(path, import_candidates(target, path));
      if (!best.empty()) d.notes.push_back({Span{}, fmt::format("did you mean `{}`?", best)});
      return;
    }
    if (!load(abs, stack))
      diags_.report(DiagCode::E0104, span, fmt::format("cannot read imported file `{}`", path));
  }

  const LoadOptions& opts_;
  Program& prog_;
  DiagnosticSink& diags_;
  std::string stdlib_;
};

}  // namespace

std::string resolve_stdlib_dir(const LoadOptions& opts) {
  if (!opts.stdlib_dir.empty()) return opts.stdlib_dir;
  if (const char* env = std::getenv("BFC_STDLIB"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share" / "bfc" / "stdlib";
    if (fs::is_directory(installed, ec)) return installed.string();
  }
  return BFC_STDLIB_DIR;
}

bool load_program(const std::vector<std::string>& entries, const LoadOptions& opts, Program& out,
                  DiagnosticSink& diags) {
  if (entries.empty()) return true;
  out.stdlib_dir = resolve_stdlib_dir(opts);
  out.root =
      opts.root.empty() ? find_root(entries.front()) : fs::weakly_canonical(opts.root).string();
  Loader loader(opts, out, diags);
  for (const auto& e : entries) {
    std::error_code ec;
    fs::path abs = fs::weakly_canonical(fs::absolute(e, ec), ec);
    std::vector<uint32_t> stack;
    uint32_t id = loader.load(abs, stack);
    if (!id) {
      fmt::print(stderr, "bfc: error: cannot read `{}`\n", e);
      return false;
    }
    out.entry_files.push_back(id);
  }
  return true;
}

void load_text(const std::string& path, std::string text, Program& out, DiagnosticSink& diags,
               const LexLimits& limits) {
  uint32_t id = out.sources.add(path, path, std::move(text));
  out.files.push_back(parse_file(id, out.sources.file(id).text, diags, limits));
  out.entry_files.push_back(id);
}

}  // namespace bfc
