// The task view: roles, roots, counts, offsets, loops and the legend, read off the scene.
#include <gtest/gtest.h>

#include "render/task_view.h"
#include "render_test_util.h"

namespace bfc::render::test {
namespace {

TEST(TaskView, WithoutBackfillDrawsPlainTasksInWorkspaces) {
  auto l = load(fixture("small.bf"));
  Scene s = build_task_scene(l->analysis.model, l->analysis.graph, nullptr);
  EXPECT_EQ(s.nodes.size(), l->analysis.model.tasks.size() + 1);  // + legend
  const SceneNode& raw = node(s, "raw_events");
  EXPECT_EQ(get_attr(raw.attrs, "label"), "raw_events\\nhourly");
  EXPECT_EQ(get_attr(raw.attrs, "id"), "task-raw_events");
  EXPECT_EQ(get_attr(raw.attrs, "class"), "task");
  ASSERT_NE(raw.cluster, kTopLevel);
  EXPECT_EQ(s.clusters[raw.cluster].name, "cluster_ws_etl");
  EXPECT_EQ(get_attr(s.clusters[raw.cluster].attrs, "label"), "workspace etl (members: alice)");
  EXPECT_FALSE(node(s, "legend").html_label.empty());
}

TEST(TaskView, BackfillRolesRootsAndCounts) {
  auto l = load(fixture("small.bf"), "fix_march");
  Scene s = build_task_scene(l->analysis.model, l->analysis.graph, &l->plan);
  const SceneNode& raw = node(s, "raw_events");
  EXPECT_TRUE(has_class(raw.attrs, "role-run"));
  EXPECT_TRUE(has_class(raw.attrs, "root"));
  EXPECT_EQ(get_attr(raw.attrs, "peripheries"), "2");
  EXPECT_EQ(get_attr(raw.attrs, "label"), "raw_events\\nhourly\\nroot · 72 instances");
  EXPECT_TRUE(has_class(node(s, "events_daily").attrs, "role-run"));
  EXPECT_FALSE(has_class(node(s, "events_daily").attrs, "root"));
  EXPECT_TRUE(has_class(node(s, "dedup_events").attrs, "role-dry-run-excluded"));
  EXPECT_EQ(get_attr(node(s, "dedup_events").attrs, "label"),
            "dedup_events\\ndaily\\n3 instances · dry-run: excluded");
  EXPECT_TRUE(has_class(node(s, "fin_clean").attrs, "role-dry-run-no-permission"));
  EXPECT_TRUE(has_class(node(s, "archive").attrs, "role-dropped-excluded"));
  EXPECT_TRUE(has_class(node(s, "fin_audit").attrs, "role-dropped-no-permission"));
  EXPECT_TRUE(has_class(node(s, "dim_users").attrs, "role-not-selected"));
  EXPECT_TRUE(has_class(node(s, "weekly_report").attrs, "role-not-selected"));
  EXPECT_EQ(get_attr(node(s, "fin_clean").attrs, "fillcolor"), "#ffd9b0");
  EXPECT_NE(get_attr(s.graph_attrs, "label").find("backfill fix_march: 3 dates"),
            std::string_view::npos);
  std::string legend = node(s, "legend").html_label;
  for (const char* caption :
       {"selected: runs", "dry-run: excluded", "dry-run: no permission", "dropped: excluded",
        "dropped: no permission", "not selected", "root"})
    EXPECT_NE(legend.find(caption), std::string::npos) << caption;
}

TEST(TaskView, EdgesCarryOffsetsAndSelfDependency) {
  auto l = load(fixture("small.bf"), "fix_march");
  Scene s = build_task_scene(l->analysis.model, l->analysis.graph, &l->plan);
  bool offset = false, self = false, muted = false;
  for (const auto& e : s.edges) {
    std::string from = s.nodes[e.from].name, to = s.nodes[e.to].name;
    if (from == "dim_users" && to == "events_daily") {
      offset = get_attr(e.attrs, "label") == "-1d";
      muted = has_class(e.attrs, "outside");  // dim_users is not selected
    }
    if (from == "events_daily" && to == "events_daily") self = get_attr(e.attrs, "label") == "self";
    if (from == "raw_events" && to == "events_daily") EXPECT_EQ(get_attr(e.attrs, "label"), "");
  }
  EXPECT_TRUE(offset);
  EXPECT_TRUE(self);
  EXPECT_TRUE(muted);
}

TEST(TaskView, LoopIsPaintedRed) {
  auto l = load(fixture("loop.bf"));
  EXPECT_EQ(codes(l->diags), std::vector<std::string>{"E0401"});
  Scene s = build_task_scene(l->analysis.model, l->analysis.graph, nullptr);
  for (const char* t : {"b", "c", "d"}) {
    EXPECT_TRUE(has_class(node(s, t).attrs, "loop")) << t;
    EXPECT_EQ(get_attr(node(s, t).attrs, "color"), "#d62728") << t;
  }
  EXPECT_FALSE(has_class(node(s, "a").attrs, "loop"));
  EXPECT_FALSE(has_class(node(s, "e").attrs, "loop"));  // e[-1d] waits on yesterday: no loop
  int red = 0;
  for (const auto& e : s.edges) {
    std::string pair = s.nodes[e.from].name + ">" + s.nodes[e.to].name;
    bool on_loop = pair == "b>c" || pair == "c>d" || pair == "d>b";
    EXPECT_EQ(has_class(e.attrs, "loop"), on_loop) << pair;
    red += get_attr(e.attrs, "color") == "#d62728";
  }
  EXPECT_EQ(red, 3);
  EXPECT_NE(node(s, "legend").html_label.find("dependency loop"), std::string::npos);
}

TEST(TaskView, LoopWithBackfillStillHasRoles) {
  auto l = load(fixture("loop.bf"), "again");
  Scene s = build_task_scene(l->analysis.model, l->analysis.graph, &l->plan);
  EXPECT_TRUE(has_class(node(s, "b").attrs, "role-run"));
  EXPECT_TRUE(has_class(node(s, "b").attrs, "loop"));
  EXPECT_TRUE(has_class(node(s, "a").attrs, "root"));
}

}  // namespace
}  // namespace bfc::render::test
