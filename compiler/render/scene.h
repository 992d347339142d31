// A drawing described as plain data: clusters, nodes and edges with Graphviz attributes.
// The views (task_view, instance_view) build a Scene from the compiler's stages; the
// Graphviz backend (graphviz.h) turns it into a cgraph graph. Keeping the two apart lets
// tests look at what a view decided without running a layout.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bfc::render {

constexpr uint32_t kTopLevel = UINT32_MAX;  // "no cluster": a node or cluster at the root

// Graphviz attributes in insertion order (so the DOT output is deterministic).
using Attrs = std::vector<std::pair<std::string, std::string>>;

// Sets `key` to `value`, replacing an earlier value.
void set_attr(Attrs& attrs, std::string_view key, std::string value);
// The value of `key`, or "" when unset.
std::string_view get_attr(const Attrs& attrs, std::string_view key);

// A cluster (drawn as a box around its nodes); `name` gets the "cluster_" prefix Graphviz needs.
struct SceneCluster {
  std::string name;
  uint32_t parent = kTopLevel;
  Attrs attrs;
};

// A node; `name` is unique in the scene.
struct SceneNode {
  std::string name;  // unique DOT node name
  uint32_t cluster = kTopLevel;
  Attrs attrs;
  std::string html_label;  // when set, the label is an HTML-like label (the legend)
};

// An edge between two nodes (indices into Scene::nodes).
struct SceneEdge {
  uint32_t from = 0;
  uint32_t to = 0;
  Attrs attrs;
};

// One graph to draw.
struct Scene {
  std::string name;
  Attrs graph_attrs;
  Attrs node_defaults;
  Attrs edge_defaults;
  Attrs cluster_defaults;  // applied to every cluster before its own attributes
  std::vector<SceneCluster> clusters;
  std::vector<SceneNode> nodes;
  std::vector<SceneEdge> edges;

  // Each adds one element and returns its index.
  uint32_t add_cluster(std::string name, uint32_t parent = kTopLevel);
  uint32_t add_node(std::string name, uint32_t cluster = kTopLevel);
  uint32_t add_edge(uint32_t from, uint32_t to);
};

}  // namespace bfc::render
