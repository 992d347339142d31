// Scene -> cgraph. Internal to the Graphviz backend; only files under render/ include it.
#pragma once

#include <graphviz/cgraph.h>

#include <memory>

#include "render/scene.h"

namespace bfc::render {

// Closes a cgraph graph (the deleter of AgraphPtr).
struct AgraphCloser {
  void operator()(Agraph_t* g) const { agclose(g); }
};
// An owned cgraph graph.
using AgraphPtr = std::unique_ptr<Agraph_t, AgraphCloser>;

// Builds the graph: clusters as subgraphs, nodes, edges, attributes in scene order.
// Returns null when cgraph refuses (its error message is reported through agerr).
AgraphPtr build_cgraph(const Scene& scene);

}  // namespace bfc::render
