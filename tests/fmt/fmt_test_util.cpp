#include "fmt_test_util.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "formatter/formatter.h"
#include "frontend/parser.h"

namespace bfc::fmttest {

Formatted format_text(std::string_view src) {
  SourceManager sm;
  uint32_t id = sm.add("test.bf", "/test.bf", std::string(src));
  DiagnosticSink diags;
  Formatted out;
  auto r = format_source(sm, id, diags);
  if (r) {
    out.ok = true;
    out.text = *r;
  } else {
    for (const auto& d : diags.diagnostics()) out.diagnostics += render_text(sm, d);
  }
  return out;
}

namespace {

void dump(const ast::Expr& e, std::ostream& os);

void dump_list(const std::vector<ast::ExprPtr>& items, std::ostream& os) {
  os << "(";
  for (const auto& i : items) {
    dump(*i, os);
    os << " ";
  }
  os << ")";
}

void dump(const ast::Expr& e, std::ostream& os) {
  os << "{k" << static_cast<int>(e.kind);
  if (e.op) os << " op" << e.op;
  if (e.int_value) os << " v" << e.int_value;
  if (!e.text.empty()) os << " t'" << e.text << "'";
  if (e.heredoc) os << " heredoc";
  for (const auto& p : e.parts) {
    if (p.expr) {
      os << " ${";
      dump(*p.expr, os);
      os << "}";
    } else {
      os << " s'" << p.text << "'";
    }
  }
  if (!e.items.empty()) dump_list(e.items, os);
  os << "}";
}

void dump(const ast::Block& b, std::ostream& os, int depth) {
  for (const auto& m : b.members) {
    os << std::string(depth * 2, ' ') << m.name;
    if (m.block) {
      os << " {\n";
      dump(*m.block, os, depth + 1);
      os << std::string(depth * 2, ' ') << "}\n";
    } else {
      os << " =";
      for (const auto& v : m.values) {
        os << " ";
        dump(*v, os);
      }
      os << "\n";
    }
  }
}

}  // namespace

std::string dump_ast(std::string_view src, bool* ok) {
  SourceManager sm;
  uint32_t id = sm.add("test.bf", "/test.bf", std::string(src));
  DiagnosticSink diags;
  ast::File f = parse_file(id, sm.file(id).text, diags);
  if (ok) *ok = !diags.has_errors();
  std::ostringstream os;
  for (const auto& d : f.decls) {
    os << ast::decl_keyword(d.kind) << " " << d.name;
    if (d.value) {
      os << " = ";
      dump(*d.value, os);
    }
    os << "\n";
    dump(d.body, os, 1);
  }
  return os.str();
}

std::vector<std::string> comment_texts(std::string_view src) {
  SourceManager sm;
  uint32_t id = sm.add("test.bf", "/test.bf", std::string(src));
  DiagnosticSink diags;
  ast::File f = parse_file(id, sm.file(id).text, diags);
  std::vector<std::string> out;
  for (const auto& c : f.comments) {
    std::string t(sm.text(c.span));
    if (t.rfind("/*", 0) != 0)
      while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r')) t.pop_back();
    out.push_back(t);
  }
  return out;
}

std::vector<std::string> bf_files_under(const std::vector<std::string>& dirs) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const auto& d : dirs) {
    std::error_code ec;
    if (!fs::is_directory(d, ec)) continue;
    for (auto it = fs::recursive_directory_iterator(d, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      if (it->is_regular_file() && it->path().extension() == ".bf")
        out.push_back(it->path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace bfc::fmttest
