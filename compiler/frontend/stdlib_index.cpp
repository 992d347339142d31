#include "frontend/stdlib_index.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "common/file_io.h"
#include "frontend/parser.h"

namespace bfc {

namespace fs = std::filesystem;

namespace {

std::vector<StdlibDecl> scan(const std::string& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".bf") files.push_back(it->path());
  std::sort(files.begin(), files.end());
  std::vector<StdlibDecl> out;
  for (const fs::path& p : files) {
    std::string text;
    uintmax_t size = 0;
    LexLimits limits;
    if (!read_file_bounded(p.string(), limits.max_bytes, 4096, text, size)) continue;
    DiagnosticSink scratch;  // the module's own problems are reported when it is imported
    ast::File f = parse_file(1, text, scratch, limits);
    if (scratch.has_errors()) continue;
    for (const auto& d : f.decls)
      if (d.kind != ast::DeclKind::Import)
        out.push_back({d.name, d.kind, "std/" + p.filename().string()});
  }
  return out;
}

}  // namespace

const std::vector<StdlibDecl>& stdlib_declarations(const std::string& dir) {
  static std::map<std::string, std::vector<StdlibDecl>> cache;
  auto it = cache.find(dir);
  if (it == cache.end()) it = cache.emplace(dir, scan(dir)).first;
  return it->second;
}

std::string stdlib_hint(const std::string& dir, std::string_view name, ast::DeclKind kind) {
  if (dir.empty()) return "";
  for (const StdlibDecl& d : stdlib_declarations(dir))
    if (d.kind == kind && d.name == name)
      return fmt::format("`{}` is defined in `{}`; add `import \"{}\";`", name, d.module, d.module);
  return "";
}

}  // namespace bfc
