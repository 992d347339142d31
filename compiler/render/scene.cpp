#include "render/scene.h"

namespace bfc::render {

void set_attr(Attrs& attrs, std::string_view key, std::string value) {
  for (auto& [k, v] : attrs)
    if (k == key) {
      v = std::move(value);
      return;
    }
  attrs.emplace_back(std::string(key), std::move(value));
}

std::string_view get_attr(const Attrs& attrs, std::string_view key) {
  for (const auto& [k, v] : attrs)
    if (k == key) return v;
  return {};
}

uint32_t Scene::add_cluster(std::string cluster_name, uint32_t parent) {
  clusters.push_back(SceneCluster{std::move(cluster_name), parent, {}});
  return static_cast<uint32_t>(clusters.size() - 1);
}

uint32_t Scene::add_node(std::string node_name, uint32_t cluster) {
  nodes.push_back(SceneNode{std::move(node_name), cluster, {}, {}});
  return static_cast<uint32_t>(nodes.size() - 1);
}

uint32_t Scene::add_edge(uint32_t from, uint32_t to) {
  edges.push_back(SceneEdge{from, to, {}});
  return static_cast<uint32_t>(edges.size() - 1);
}

}  // namespace bfc::render
