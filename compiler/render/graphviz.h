// The Graphviz backend: turns a Scene into a cgraph graph, and either writes it as DOT
// (no layout) or lays it out with dot and renders SVG or PNG in-process with gvc. Graphviz
// errors become E0601 diagnostics. Graphviz keeps global state (error handler, plugin
// registry, one gvc context per process), so calls must not run concurrently.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "render/scene.h"
#include "support/diagnostics.h"

namespace bfc::render {

// The file formats `bfc render` writes.
enum class OutputFormat { Svg, Png, Dot };

// The format for an output path by its extension (.svg, .png, .dot or .gv; any case).
std::optional<OutputFormat> format_for_path(std::string_view path);

// Wall-time limit of one layout and rendering (the layout budget keeps real ones to
// seconds; this only stops a runaway).
constexpr unsigned kLayoutSeconds = 120;

// Renders `scene` into `out` (the bytes of the file). Returns false, with E0601
// diagnostics, when Graphviz fails; `out` is then empty. Errors Graphviz reports while
// still drawing (a malformed HTML-like label) are E0601 too, and the result is kept.
// SVG and PNG are laid out and rendered in a forked child (child_process.h): a Graphviz
// crash or a layout over kLayoutSeconds is an E0601, never a crash or hang of bfc.
bool render_scene(const Scene& scene, OutputFormat format, std::string& out, DiagnosticSink& diags);

}  // namespace bfc::render
