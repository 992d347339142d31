// The SVG Graphviz draws: well-formed XML, node ids and classes, and the colours.
#include <gtest/gtest.h>

#include <algorithm>

#include "render/graphviz.h"
#include "render/instance_view.h"
#include "render/task_view.h"
#include "render_test_util.h"

namespace bfc::render::test {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

Svg render_svg(const Scene& scene) {
  DiagnosticSink diags;
  std::string bytes;
  EXPECT_TRUE(render_scene(scene, OutputFormat::Svg, bytes, diags));
  EXPECT_TRUE(diags.diagnostics().empty());
  Svg svg = parse_svg(bytes);
  EXPECT_TRUE(svg.ok) << "not well-formed XML";
  EXPECT_EQ(svg.root_name, "svg");
  return svg;
}

TEST(Svg, TaskViewNodesCarryRolesAndColours) {
  auto l = load(fixture("small.bf"), "fix_march");
  Svg svg = render_svg(build_task_scene(l->analysis.model, l->analysis.graph, &l->plan));
  ASSERT_EQ(svg.with_class("task").size(), 9u);
  const SvgItem& raw = svg.by_id.at("task-raw_events");
  EXPECT_EQ(raw.title, "raw_events");
  EXPECT_EQ(raw.cls, "node task role-run root");
  EXPECT_TRUE(contains(raw.fills, "#c9ecc9"));
  EXPECT_TRUE(contains(raw.strokes, "#2e7d32"));
  EXPECT_TRUE(contains(raw.texts, "root · 72 instances"));
  const SvgItem& dry = svg.by_id.at("task-fin_clean");
  EXPECT_EQ(dry.cls, "node task role-dry-run-no-permission");
  EXPECT_TRUE(contains(dry.fills, "#ffd9b0"));
  EXPECT_EQ(svg.with_class("role-not-selected").size(), 2u);
  EXPECT_EQ(svg.with_class("workspace").size(), 3u);
  EXPECT_EQ(svg.by_id.at("workspace-etl").cls, "cluster workspace");
  EXPECT_EQ(svg.by_id.count("legend"), 1u);
  const SvgItem& offset = svg.by_id.at("dep-dim_users-events_daily-1d");
  EXPECT_TRUE(contains(offset.texts, "-1d"));
}

// The top edge of the cluster drawn with this id (the smallest y of its outline path).
double cluster_top(const std::string& svg, const std::string& id) {
  size_t at = svg.find("id=\"" + id + "\"");
  EXPECT_NE(at, std::string::npos) << id;
  size_t d = svg.find(" d=\"M", at);
  EXPECT_NE(d, std::string::npos) << id;
  size_t end = svg.find('"', d + 5);
  double top = 1e18;
  std::string path = svg.substr(d + 5, end - d - 5);
  for (size_t comma = path.find(','); comma != std::string::npos; comma = path.find(',', comma + 1))
    top = std::min(top, std::stod(path.substr(comma + 1)));
  return top;
}

TEST(Svg, InstanceLanesAreInGroupOrderFromTheTop) {
  auto l = load(fixture("gaps.bf"), "feeds");
  DiagnosticSink diags;
  std::string bytes;
  ASSERT_TRUE(render_scene(build_instance_scene(l->plan, l->analysis.graph, 2000, diags),
                           OutputFormat::Svg, bytes, diags));
  double g0 = cluster_top(bytes, "group&#45;0"), g1 = cluster_top(bytes, "group&#45;1"),
         g2 = cluster_top(bytes, "group&#45;2");
  EXPECT_LT(g0, g1);
  EXPECT_LT(g1, g2);
}

TEST(Svg, LoopNodesAndEdgesAreRed) {
  auto l = load(fixture("loop.bf"));
  Svg svg = render_svg(build_task_scene(l->analysis.model, l->analysis.graph, nullptr));
  auto loop = svg.with_class("loop");
  ASSERT_EQ(loop.size(), 6u);  // 3 nodes, 3 edges
  for (const SvgItem* it : loop) EXPECT_TRUE(contains(it->strokes, "#d62728")) << it->id;
  EXPECT_FALSE(contains(svg.by_id.at("task-a").strokes, "#d62728"));
}

TEST(Svg, InstanceViewShowsBarriersAndIsolation) {
  auto l = load(fixture("small.bf"), "fix_march");
  Svg svg = render_svg(build_full_instance_scene(l->plan));
  EXPECT_EQ(svg.with_class("instance").size(), l->plan.instances.size());
  EXPECT_EQ(svg.with_class("date").size(), 3u);
  EXPECT_EQ(svg.with_class("group").size(), 2u);
  const SvgItem& barrier = svg.by_id.at("barrier-g0-2024-03-01");
  EXPECT_EQ(barrier.cls, "edge barrier");
  EXPECT_EQ(svg.by_id.at("events_daily@2024-03-02").cls, "node instance role-run");

  auto iso = load(fixture("isolated.bf"), "mornings");
  Svg isvg = render_svg(build_full_instance_scene(iso->plan));
  EXPECT_EQ(isvg.by_id.at("daily_sum@2024-03-01").cls, "node instance role-run isolated");
  EXPECT_TRUE(contains(isvg.by_id.at("daily_sum@2024-03-01").strokes, "#d62728"));
  EXPECT_EQ(isvg.with_class("missing").size(), 21u + 21u);  // ghost nodes and their edges
}

TEST(Svg, PngIsRenderedInProcess) {
  auto l = load(fixture("loop.bf"));
  DiagnosticSink diags;
  std::string bytes;
  ASSERT_TRUE(render_scene(build_task_scene(l->analysis.model, l->analysis.graph, nullptr),
                           OutputFormat::Png, bytes, diags));
  ASSERT_GT(bytes.size(), 8u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

}  // namespace
}  // namespace bfc::render::test
