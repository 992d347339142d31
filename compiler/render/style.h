// The look of bfc drawings: one palette for both views, so a colour means the same thing
// everywhere, plus the small text helpers the views share (offsets, counts).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "render/scene.h"
#include "sema/select.h"

namespace bfc::render {

// How a task's role in a backfill is drawn.
struct RoleStyle {
  const char* css;      // SVG class, e.g. "run", "dry-run-excluded"
  const char* fill;     // fill colour
  const char* border;   // outline colour
  const char* style;    // Graphviz node style
  const char* caption;  // legend / label text, e.g. "dry-run: excluded"
};

// The look of a role.
const RoleStyle& role_style(Role r);

// The outline and edge colour of anything on a loop, and of isolated instances.
inline constexpr const char* kAlertColor = "#d62728";
// Edges and text of things outside the backfill.
inline constexpr const char* kMutedColor = "#9a9a9a";
// Fill of a task drawn without a backfill.
inline constexpr const char* kPlainFill = "#eef3fb";
// Day-barrier edges in the instance view.
inline constexpr const char* kBarrierColor = "#5b6fa8";

// Graph, node and edge defaults shared by both views (fonts, shapes, rank direction).
void apply_base_style(Scene& scene, std::string_view rankdir);

// Paints a node as part of a loop (red outline, thicker) and an edge likewise.
void mark_loop_node(Attrs& node);
void mark_loop_edge(Attrs& edge);

// An `after` offset as written by users: -1440 -> "-1d", -90 -> "-1h30m", 0 -> "".
std::string format_offset(int64_t minutes);

// 12345 -> "12,345".
std::string group_digits(uint64_t n);

// "1 instance" / "3 instances".
std::string plural(uint64_t n, std::string_view one, std::string_view many);

// Escapes text for a Graphviz escString label (backslashes); "\n" joins label lines.
std::string label_text(std::string_view s);

// Escapes text for an HTML-like label.
std::string html_text(std::string_view s);

}  // namespace bfc::render
