#include "render/layout_budget.h"

namespace bfc::render {

void apply_layout_budget(Scene& scene) {
  size_t size = scene.nodes.size() + scene.edges.size();
  Attrs& a = scene.graph_attrs;
  if (size < 1500) return;  // a few hundred nodes: dot's defaults take well under a second
  // An edge label is a virtual node in every rank the edge crosses: on a 2,000-task
  // graph they made the layout 20 times slower. External labels are placed after layout.
  for (SceneEdge& e : scene.edges)
    for (auto& [k, v] : e.attrs)
      if (k == "label") k = "xlabel";
  if (size < 4000) {
    set_attr(a, "nslimit", "2");
    set_attr(a, "nslimit1", "2");
    set_attr(a, "mclimit", "0.5");
    set_attr(a, "searchsize", "20");
    return;
  }
  set_attr(a, "nslimit", "0.5");
  set_attr(a, "nslimit1", "0.5");
  set_attr(a, "mclimit", "0.1");
  set_attr(a, "searchsize", "10");
  if (size >= 8000) {
    set_attr(a, "nslimit", "0.01");
    set_attr(a, "nslimit1", "0.01");
    set_attr(a, "mclimit", "0.01");
    set_attr(a, "splines", "false");
  }
}

void apply_bitmap_limit(Scene& scene) {
  if (get_attr(scene.graph_attrs, "size").empty()) set_attr(scene.graph_attrs, "size", "100,100");
}

}  // namespace bfc::render
