#include "render_test_util.h"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <sstream>

namespace bfc::render::test {

std::string fixture(const std::string& name) {
  return std::string(BFC_RENDER_DIR) + "/fixtures/" + name;
}

std::unique_ptr<Loaded> load(const std::string& path, const std::string& backfill) {
  auto l = std::make_unique<Loaded>();
  LoadOptions opts;
  EXPECT_TRUE(load_program({path}, opts, l->prog, l->diags)) << path;
  analyze_program(l->prog, l->diags, l->analysis);
  if (!backfill.empty()) {
    auto it = l->analysis.model.backfill_index.find(backfill);
    EXPECT_NE(it, l->analysis.model.backfill_index.end()) << backfill;
    if (it != l->analysis.model.backfill_index.end()) {
      l->plan = analyze_backfill(l->analysis, l->analysis.model.backfills[it->second], "", kToday,
                                 l->diags);
      l->has_plan = true;
    }
  }
  return l;
}

const SceneNode& node(const Scene& s, const std::string& name) {
  for (const auto& n : s.nodes)
    if (n.name == name) return n;
  ADD_FAILURE() << "no node " << name;
  static SceneNode none;
  return none;
}

bool has_class(const Attrs& attrs, const std::string& token) {
  std::istringstream in{std::string(get_attr(attrs, "class"))};
  std::string t;
  while (in >> t)
    if (t == token) return true;
  return false;
}

std::vector<std::string> codes(const DiagnosticSink& diags) {
  std::vector<std::string> out;
  for (const auto& d : diags.diagnostics()) out.emplace_back(diag_info(d.code).name);
  return out;
}

namespace {

std::string prop(xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (!v) return "";
  std::string s(reinterpret_cast<char*>(v));
  xmlFree(v);
  return s;
}

std::string text_of(xmlNode* n) {
  xmlChar* v = xmlNodeGetContent(n);
  std::string s = v ? reinterpret_cast<char*>(v) : "";
  xmlFree(v);
  return s;
}

// Collects the shapes and texts under a <g>, not descending into nested <g> items
// other than the anchors Graphviz wraps around tooltips.
void collect(xmlNode* g, SvgItem& item) {
  for (xmlNode* c = g->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    std::string name = reinterpret_cast<const char*>(c->name);
    if (name == "title")
      item.title = text_of(c);
    else if (name == "text")
      item.texts.push_back(text_of(c));
    else if (name == "g" || name == "a") {
      if (prop(c, "class").empty() || name == "a") collect(c, item);
    } else {
      if (auto f = prop(c, "fill"); !f.empty()) item.fills.push_back(f);
      if (auto s = prop(c, "stroke"); !s.empty()) item.strokes.push_back(s);
    }
  }
}

void walk(xmlNode* n, Svg& svg) {
  for (xmlNode* c = n; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (std::string(reinterpret_cast<const char*>(c->name)) == "g" && !prop(c, "class").empty() &&
        prop(c, "class") != "graph") {
      SvgItem item;
      item.id = prop(c, "id");
      item.cls = prop(c, "class");
      collect(c, item);
      svg.by_id[item.id] = item;
      svg.items.push_back(item);
    }
    walk(c->children, svg);
  }
}

}  // namespace

std::vector<const SvgItem*> Svg::with_class(const std::string& token) const {
  std::vector<const SvgItem*> out;
  for (const auto& it : items) {
    std::istringstream in(it.cls);
    std::string t;
    while (in >> t)
      if (t == token) {
        out.push_back(&it);
        break;
      }
  }
  return out;
}

Svg parse_svg(const std::string& bytes) {
  Svg svg;
  xmlDoc* doc = xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), "render.svg", nullptr,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) return svg;
  xmlNode* root = xmlDocGetRootElement(doc);
  svg.ok = root != nullptr;
  if (root) {
    svg.root_name = reinterpret_cast<const char*>(root->name);
    walk(root, svg);
  }
  xmlFreeDoc(doc);
  return svg;
}

int run(const std::string& command, std::string* output) {
  std::FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (!p) return -1;
  std::array<char, 4096> buf;
  std::string out;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = pclose(p);
  if (output) *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace bfc::render::test
