#include "render/graphviz.h"

#include <graphviz/gvc.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>
#include <sstream>

#include "render/cgraph_build.h"
#include "render/child_process.h"

namespace bfc::render {

namespace {

// Graphviz reports errors through a process-wide callback; this collects them for the
// duration of one render and restores the previous handler and level afterwards.
std::string* g_capture = nullptr;

int capture_error(char* message) {
  if (g_capture) *g_capture += message;
  return 0;
}

class ErrorCapture {
 public:
  ErrorCapture() {
    g_capture = &text_;
    prev_handler_ = agseterrf(capture_error);
    prev_level_ = agseterr(AGERR);  // warnings (e.g. "node too wide for its label") are noise here
    agreseterrors();
  }
  ~ErrorCapture() {
    agseterrf(prev_handler_);
    agseterr(prev_level_);
    g_capture = nullptr;
  }
  ErrorCapture(const ErrorCapture&) = delete;
  ErrorCapture& operator=(const ErrorCapture&) = delete;

  // Graphviz reports some errors (a bad HTML-like label) and still draws, like `dot`
  // exiting 1 with its output written; those are reported here after a success.
  void report_any(DiagnosticSink& diags) const {
    if (!text_.empty()) report(diags, "");
  }

  // Reports each captured line as E0601; `fallback` when Graphviz said nothing.
  void report(DiagnosticSink& diags, const std::string& fallback) const {
    std::istringstream lines(text_);
    std::string line;
    bool any = false;
    while (std::getline(lines, line)) {
      for (std::string_view prefix : {"Error: ", "error: ", "Warning: "})
        if (line.rfind(prefix, 0) == 0) line.erase(0, prefix.size());
      while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
        line.pop_back();
      if (line.empty()) continue;
      diags.report(DiagCode::E0601, Span{}, "graphviz: " + line);
      any = true;
    }
    if (!any && !fallback.empty()) diags.report(DiagCode::E0601, Span{}, fallback);
  }

 private:
  std::string text_;
  agusererrf prev_handler_ = nullptr;
  agerrlevel_t prev_level_ = AGWARN;
};

struct GvcCloser {
  void operator()(GVC_t* gvc) const { gvFreeContext(gvc); }
};

// One gvc context for the whole process, freed at exit. Graphviz 2.43's pango plugin
// keeps a pointer into a context's font table across calls, so laying out with a second
// context after gvFreeContext reads freed memory (found with ASan). Each render still
// frees its own layout and graph.
GVC_t* shared_context() {
  static std::unique_ptr<GVC_t, GvcCloser> gvc(gvContext());
  return gvc.get();
}

// Writes the graph as DOT into a string.
bool write_dot(Agraph_t* g, std::string& out) {
  char* buf = nullptr;
  size_t len = 0;
  std::FILE* f = open_memstream(&buf, &len);
  if (!f) return false;
  int rc = agwrite(g, f);
  bool ok = std::fclose(f) == 0 && rc != EOF;
  if (ok) out.assign(buf, len);
  std::free(buf);
  return ok;
}

}  // namespace

std::optional<OutputFormat> format_for_path(std::string_view path) {
  size_t dot = path.rfind('.');
  size_t slash = path.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
    return std::nullopt;
  std::string ext(path.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (ext == "svg") return OutputFormat::Svg;
  if (ext == "png") return OutputFormat::Png;
  if (ext == "dot" || ext == "gv") return OutputFormat::Dot;
  return std::nullopt;
}

namespace {

// Builds, lays out and renders in this process (the forked child of render_scene for
// SVG and PNG; DOT needs no layout and is written directly).
bool draw(const Scene& scene, OutputFormat format, std::string& out, DiagnosticSink& diags) {
  out.clear();
  ErrorCapture errors;
  AgraphPtr g = build_cgraph(scene);
  if (!g) {
    errors.report(diags, "graphviz could not build the graph");
    return false;
  }
  if (format == OutputFormat::Dot) {
    if (write_dot(g.get(), out)) {
      errors.report_any(diags);
      return true;
    }
    errors.report(diags, "graphviz could not write the graph as DOT");
    return false;
  }
  GVC_t* gvc = shared_context();
  if (!gvc) {
    errors.report(diags, "graphviz could not start (no gvc context)");
    return false;
  }
  const char* name = format == OutputFormat::Svg ? "svg" : "png";
  bool laid_out = gvLayout(gvc, g.get(), "dot") == 0;
  int rc = -1;
  if (laid_out) {
    char* data = nullptr;
    unsigned int length = 0;
    rc = gvRenderData(gvc, g.get(), name, &data, &length);
    if (rc == 0 && data) out.assign(data, length);
    gvFreeRenderData(data);
  }
  // Teardown as gvc documents it: the layout, then the graph (the context lives on).
  gvFreeLayout(gvc, g.get());
  g.reset();
  if (!laid_out) {
    errors.report(diags, "graphviz could not lay out the graph");
    return false;
  }
  if (rc != 0 || out.empty()) {
    out.clear();
    errors.report(diags, std::string("graphviz could not render ") + name);
    return false;
  }
  errors.report_any(diags);
  return true;
}

}  // namespace

bool render_scene(const Scene& scene, OutputFormat format, std::string& out,
                  DiagnosticSink& diags) {
  out.clear();
  if (format == OutputFormat::Dot) return draw(scene, format, out, diags);
  ChildOutcome child = run_in_child(
      [&](std::string& bytes, std::vector<std::string>& messages) {
        DiagnosticSink d;
        bool ok = draw(scene, format, bytes, d);
        for (const auto& x : d.diagnostics()) messages.push_back(x.message);
        return ok;
      },
      kLayoutSeconds);
  if (!child.finished) {
    diags.report(DiagCode::E0601, Span{},
                 "graphviz " + child.failure + " while laying out the graph");
    return false;
  }
  for (auto& m : child.messages) diags.report(DiagCode::E0601, Span{}, std::move(m));
  if (child.ok) out = std::move(child.bytes);
  return child.ok;
}

}  // namespace bfc::render
