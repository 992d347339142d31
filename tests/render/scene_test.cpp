// Scene plumbing and the shared text helpers.
#include <gtest/gtest.h>

#include "render/graphviz.h"
#include "render/layout_budget.h"
#include "render/scene.h"
#include "render/style.h"

namespace bfc::render {
namespace {

TEST(Style, FormatsOffsetsAsWritten) {
  EXPECT_EQ(format_offset(0), "");
  EXPECT_EQ(format_offset(-1440), "-1d");
  EXPECT_EQ(format_offset(-2880), "-2d");
  EXPECT_EQ(format_offset(-60), "-1h");
  EXPECT_EQ(format_offset(-90), "-1h30m");
  EXPECT_EQ(format_offset(-1500), "-1d1h");
  EXPECT_EQ(format_offset(15), "+15m");
}

TEST(Style, GroupsDigitsAndPlurals) {
  EXPECT_EQ(group_digits(0), "0");
  EXPECT_EQ(group_digits(999), "999");
  EXPECT_EQ(group_digits(1000), "1,000");
  EXPECT_EQ(group_digits(1234567), "1,234,567");
  EXPECT_EQ(plural(1, "instance", "instances"), "1 instance");
  EXPECT_EQ(plural(2000, "node", "nodes"), "2,000 nodes");
}

TEST(Style, EscapesLabels) {
  EXPECT_EQ(label_text("a\nb"), "a\\nb");
  EXPECT_EQ(label_text("c:\\x"), "c:\\\\x");
  EXPECT_EQ(html_text("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
}

TEST(Scene, AttrsKeepOrderAndReplace) {
  Attrs a;
  set_attr(a, "color", "red");
  set_attr(a, "label", "x");
  set_attr(a, "color", "blue");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].first, "color");
  EXPECT_EQ(get_attr(a, "color"), "blue");
  EXPECT_EQ(get_attr(a, "missing"), "");
}

TEST(Graphviz, FormatComesFromTheExtension) {
  EXPECT_EQ(format_for_path("out/dag.svg"), OutputFormat::Svg);
  EXPECT_EQ(format_for_path("DAG.SVG"), OutputFormat::Svg);
  EXPECT_EQ(format_for_path("dag.png"), OutputFormat::Png);
  EXPECT_EQ(format_for_path("dag.dot"), OutputFormat::Dot);
  EXPECT_EQ(format_for_path("dag.gv"), OutputFormat::Dot);
  EXPECT_FALSE(format_for_path("dag.pdf"));
  EXPECT_FALSE(format_for_path("dag"));
  EXPECT_FALSE(format_for_path("some.dir/dag"));
}

TEST(Graphviz, ClustersDoNotInheritTheGraphLabel) {
  Scene s;
  s.name = "g";
  set_attr(s.graph_attrs, "label", "title");
  uint32_t outer = s.add_cluster("cluster_outer");
  set_attr(s.clusters[outer].attrs, "label", "outer");
  uint32_t inner = s.add_cluster("cluster_inner", outer);
  s.add_node("a", inner);
  DiagnosticSink diags;
  std::string dot;
  ASSERT_TRUE(render_scene(s, OutputFormat::Dot, dot, diags));
  EXPECT_EQ(dot.find("label=title", dot.find("cluster_outer")), std::string::npos) << dot;
  std::string svg;
  ASSERT_TRUE(render_scene(s, OutputFormat::Svg, svg, diags));
  EXPECT_EQ(svg.find(">title<"), svg.rfind(">title<")) << "the title is drawn once";
}

TEST(Graphviz, ErrorsBecomeDiagnostics) {
  Scene s;
  s.name = "g";
  uint32_t a = s.add_node("a");
  s.nodes[a].html_label = "<TABLE><TR><TD>x</TD></TR>";  // unclosed table
  DiagnosticSink diags;
  std::string svg;
  // Graphviz reports the label and draws it as text, as `dot` does (exit 1, file written).
  EXPECT_TRUE(render_scene(s, OutputFormat::Svg, svg, diags));
  ASSERT_FALSE(diags.diagnostics().empty());
  EXPECT_EQ(diags.diagnostics()[0].code, DiagCode::E0601);
  EXPECT_NE(diags.diagnostics()[0].message.find("graphviz: mismatched tag"), std::string::npos)
      << diags.diagnostics()[0].message;
  // The next render starts with a clean error state.
  DiagnosticSink again;
  Scene ok;
  ok.name = "g";
  ok.add_node("b");
  EXPECT_TRUE(render_scene(ok, OutputFormat::Svg, svg, again));
  EXPECT_TRUE(again.diagnostics().empty());
}

TEST(Graphviz, UnknownLayoutAttributeValuesStillRender) {
  Scene s;
  s.name = "g";
  s.add_node("a");
  set_attr(s.graph_attrs, "rankdir", "sideways");
  DiagnosticSink diags;
  std::string svg;
  EXPECT_TRUE(render_scene(s, OutputFormat::Svg, svg, diags));
}

TEST(LayoutBudget, SmallScenesAreLeftAlone) {
  Scene s;
  for (int i = 0; i < 100; ++i) s.add_node("n" + std::to_string(i));
  apply_layout_budget(s);
  EXPECT_EQ(get_attr(s.graph_attrs, "nslimit"), "");
}

TEST(LayoutBudget, BigScenesGetLimitsAndExternalEdgeLabels) {
  Scene s;
  for (int i = 0; i < 3000; ++i) s.add_node("n" + std::to_string(i));
  for (uint32_t i = 1; i < 3000; ++i) set_attr(s.edges[s.add_edge(i - 1, i)].attrs, "label", "-1d");
  apply_layout_budget(s);
  EXPECT_NE(get_attr(s.graph_attrs, "nslimit"), "");
  EXPECT_NE(get_attr(s.graph_attrs, "mclimit"), "");
  EXPECT_EQ(get_attr(s.edges[0].attrs, "label"), "");
  EXPECT_EQ(get_attr(s.edges[0].attrs, "xlabel"), "-1d");
}

}  // namespace
}  // namespace bfc::render
