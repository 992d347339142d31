#include "render/legend.h"

#include <fmt/format.h>

#include "render/style.h"

namespace bfc::render {

void Legend::add_box(std::string_view fill, std::string_view border, std::string_view text,
                     int peripheries) {
  // A doubled outline (roots) is drawn as a thicker cell border.
  rows_.push_back(fmt::format(
      R"(<TR><TD BGCOLOR="{}" COLOR="{}" BORDER="{}" WIDTH="28" HEIGHT="14" FIXEDSIZE="TRUE"></TD>)"
      R"(<TD ALIGN="LEFT">{}</TD></TR>)",
      fill, border, peripheries > 1 ? 3 : 1, html_text(text)));
}

void Legend::add_line(std::string_view color, std::string_view sample, std::string_view text) {
  rows_.push_back(
      fmt::format(R"(<TR><TD><FONT COLOR="{}">{}</FONT></TD><TD ALIGN="LEFT">{}</TD></TR>)", color,
                  html_text(sample), html_text(text)));
}

void Legend::add_note(std::string_view text) {
  rows_.push_back(
      fmt::format(R"(<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT COLOR="#555555">{}</FONT></TD></TR>)",
                  html_text(text)));
}

void Legend::add_to(Scene& scene) const {
  std::string html =
      R"(<TABLE BORDER="1" COLOR="#b5b5b5" CELLBORDER="0" CELLSPACING="3" CELLPADDING="2">)";
  html += R"(<TR><TD COLSPAN="2" ALIGN="LEFT"><B>legend</B></TD></TR>)";
  for (const auto& r : rows_) html += r;
  html += "</TABLE>";
  uint32_t n = scene.add_node("legend");
  SceneNode& node = scene.nodes[n];
  node.html_label = std::move(html);
  set_attr(node.attrs, "shape", "plain");
  set_attr(node.attrs, "style", "solid");
  set_attr(node.attrs, "fillcolor", "white");
  set_attr(node.attrs, "id", "legend");
  set_attr(node.attrs, "class", "legend");
}

}  // namespace bfc::render
