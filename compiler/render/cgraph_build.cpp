#include "render/cgraph_build.h"

#include <set>
#include <string>

namespace bfc::render {

namespace {

// cgraph's API takes char* for strings it only reads.
char* cs(const std::string& s) { return const_cast<char*>(s.c_str()); }

void set_all(void* obj, const Attrs& attrs) {
  for (const auto& [k, v] : attrs) agsafeset(obj, cs(k), cs(v), const_cast<char*>(""));
}

}  // namespace

AgraphPtr build_cgraph(const Scene& scene) {
  Agdesc_t kind = Agdirected;
  AgraphPtr g(agopen(cs(scene.name), kind, nullptr));
  if (!g) return nullptr;
  Agraph_t* root = g.get();
  for (const auto& [k, v] : scene.node_defaults) agattr(root, AGNODE, cs(k), cs(v));
  for (const auto& [k, v] : scene.edge_defaults) agattr(root, AGEDGE, cs(k), cs(v));

  // Every graph attribute is declared at the root with an empty default first: setting a
  // value on a graph also makes it the default of subgraphs created later, which would let
  // a cluster inherit its parent's label.
  std::set<std::string> graph_keys;
  for (const auto& [k, v] : scene.graph_attrs) graph_keys.insert(k);
  for (const auto& c : scene.clusters)
    for (const auto& [k, v] : c.attrs) graph_keys.insert(k);
  for (const auto& [k, v] : scene.cluster_defaults) graph_keys.insert(k);
  for (const auto& k : graph_keys) agattr(root, AGRAPH, cs(k), const_cast<char*>(""));

  std::vector<Agraph_t*> subs;
  subs.reserve(scene.clusters.size());
  for (const auto& c : scene.clusters) {
    Agraph_t* parent = c.parent == kTopLevel ? root : subs[c.parent];
    Agraph_t* sub = agsubg(parent, cs(c.name), 1);
    if (!sub) return nullptr;
    subs.push_back(sub);
  }
  for (size_t i = 0; i < scene.clusters.size(); ++i) {
    set_all(subs[i], scene.cluster_defaults);
    set_all(subs[i], scene.clusters[i].attrs);
  }

  std::vector<Agnode_t*> nodes;
  nodes.reserve(scene.nodes.size());
  for (const auto& n : scene.nodes) {
    Agnode_t* node = agnode(n.cluster == kTopLevel ? root : subs[n.cluster], cs(n.name), 1);
    if (!node) return nullptr;
    set_all(node, n.attrs);
    if (!n.html_label.empty()) {
      char* html = agstrdup_html(root, cs(n.html_label));
      agsafeset(node, const_cast<char*>("label"), html, const_cast<char*>(""));
      agstrfree(root, html);
    }
    nodes.push_back(node);
  }
  for (const auto& e : scene.edges) {
    Agedge_t* edge = agedge(root, nodes[e.from], nodes[e.to], nullptr, 1);
    if (!edge) return nullptr;
    set_all(edge, e.attrs);
  }
  set_all(root, scene.graph_attrs);
  return g;
}

}  // namespace bfc::render
