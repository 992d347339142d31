// The legend: an HTML-like table node that explains the colours and line styles a view
// used. Views add only the rows that apply, so a plain task graph gets a short legend.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "render/scene.h"

namespace bfc::render {

// The rows of a legend, added by a view as it draws, then added to the scene as a node.
class Legend {
 public:
  // A filled box like the nodes: `fill`, outline `border`, then the explanation.
  void add_box(std::string_view fill, std::string_view border, std::string_view text,
               int peripheries = 1);
  // A line like the edges, in `color`, with a sample glyph (e.g. "- - ▶").
  void add_line(std::string_view color, std::string_view sample, std::string_view text);
  // A free line of text (e.g. how to read labels).
  void add_note(std::string_view text);
  // Whether no row was added.
  bool empty() const { return rows_.empty(); }

  // Adds the legend as a node named "legend" (SVG id "legend", class "legend").
  void add_to(Scene& scene) const;

 private:
  std::vector<std::string> rows_;
};

}  // namespace bfc::render
