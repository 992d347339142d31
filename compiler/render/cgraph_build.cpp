#include "render/cgraph_build.h"

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace bfc::render {

namespace {

// cgraph's default ID discipline uses the address of each interned name as the object's
// ID, and orders subgraphs by ID: cluster order, the DOT output and even dot's layout then
// depend on heap addresses. This discipline numbers names in creation order instead. Names
// stay interned in the graph's string pool (agwrite inspects their refstr header).
struct SequentialIds {
  Agraph_t* root = nullptr;
  struct Name {
    char* str = nullptr;  // agstrdup'ed, one reference per live object
    size_t refs = 0;
  };
  std::unordered_map<std::string, IDTYPE> ids;
  std::vector<Name> names;    // names[id / 2 - 1] for even (named) ids
  IDTYPE next_anonymous = 1;  // odd ids for anonymous objects (edges)
};

void* ids_open(Agraph_t* g, Agdisc_t*) {
  auto* s = new SequentialIds;
  s->root = g;
  return s;
}

long ids_map(void* state, int, char* str, IDTYPE* id, int createflag) {
  auto* s = static_cast<SequentialIds*>(state);
  if (!str) {
    *id = s->next_anonymous;
    s->next_anonymous += 2;
    return 1;
  }
  auto it = s->ids.find(str);
  if (it == s->ids.end()) {
    if (!createflag) {
      *id = 0;  // no object has id 0: the lookup finds nothing, as with the default discipline
      return 1;
    }
    s->names.push_back({nullptr, 0});
    it = s->ids.emplace(str, static_cast<IDTYPE>(2 * s->names.size())).first;
  }
  *id = it->second;
  if (createflag) {
    SequentialIds::Name& n = s->names[*id / 2 - 1];
    n.str = agstrdup(s->root, str);
    ++n.refs;
  }
  return 1;
}

long ids_alloc(void*, int, IDTYPE) {
  return 0;
}  // callers may not pick ids

void ids_free(void* state, int, IDTYPE id) {
  auto* s = static_cast<SequentialIds*>(state);
  if (id == 0 || id % 2 != 0 || id / 2 > s->names.size()) return;
  SequentialIds::Name& n = s->names[id / 2 - 1];
  if (n.refs == 0) return;
  char* str = n.str;
  if (--n.refs == 0) {
    s->ids.erase(str);
    n.str = nullptr;
  }
  agstrfree(s->root, str);
}

char* ids_print(void* state, int, IDTYPE id) {
  auto* s = static_cast<SequentialIds*>(state);
  if (id == 0 || id % 2 != 0 || id / 2 > s->names.size()) return nullptr;
  return s->names[id / 2 - 1].str;
}

void ids_close(void* state) {
  delete static_cast<SequentialIds*>(state);
}
void ids_register(void*, int, void*) {}

Agiddisc_t sequential_id_disc = {ids_open,  ids_map,   ids_alloc,   ids_free,
                                 ids_print, ids_close, ids_register};
Agdisc_t graph_disc = {&AgMemDisc, &sequential_id_disc, &AgIoDisc};

// cgraph's API takes char* for strings it only reads.
char* cs(const std::string& s) {
  return const_cast<char*>(s.c_str());
}

void set_all(void* obj, const Attrs& attrs) {
  for (const auto& [k, v] : attrs) agsafeset(obj, cs(k), cs(v), const_cast<char*>(""));
}

}  // namespace

AgraphPtr build_cgraph(const Scene& scene) {
  Agdesc_t kind = Agdirected;
  AgraphPtr g(agopen(cs(scene.name), kind, &graph_disc));
  if (!g) return nullptr;
  Agraph_t* root = g.get();
  // gvContext() sets a process-wide default node label ("\N", the node's name) for graphs
  // created after it; declaring it on every graph keeps the DOT output independent of
  // whether a layout ran earlier in the process.
  agattr(root, AGNODE, const_cast<char*>("label"), const_cast<char*>("\\N"));
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
