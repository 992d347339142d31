// The instance view: clusters per group and date, day barriers, isolated instances, loops
// through barriers, and the collapse above the node budget.
#include <gtest/gtest.h>

#include <set>

#include "render/instance_view.h"
#include "render/isolated.h"
#include "render_test_util.h"

namespace bfc::render::test {
namespace {

std::vector<const SceneEdge*> edges_with_class(const Scene& s, const std::string& cls) {
  std::vector<const SceneEdge*> out;
  for (const auto& e : s.edges)
    if (has_class(e.attrs, cls)) out.push_back(&e);
  return out;
}

TEST(InstanceView, ClustersPerGroupAndDate) {
  auto l = load(fixture("small.bf"), "fix_march");
  DiagnosticSink diags;
  Scene s = build_instance_scene(l->plan, l->analysis.graph, kDefaultNodeBudget, diags);
  EXPECT_TRUE(diags.diagnostics().empty());
  EXPECT_EQ(s.nodes.size(), l->plan.instances.size() + 1);
  std::set<std::string> clusters;
  for (const auto& c : s.clusters) clusters.insert(c.name);
  EXPECT_EQ(clusters, (std::set<std::string>{"cluster_g0", "cluster_g0_d0", "cluster_g0_d1",
                                             "cluster_g1", "cluster_g1_d0"}));
  const SceneNode& n = node(s, "raw_events@2024-03-02T05:00");
  EXPECT_EQ(s.clusters[n.cluster].name, "cluster_g0_d1");
  EXPECT_EQ(get_attr(n.attrs, "label"), "raw_events\\n05:00");
  EXPECT_EQ(get_attr(n.attrs, "id"), "raw_events@2024-03-02T05:00");
  EXPECT_TRUE(has_class(n.attrs, "instance"));
  EXPECT_TRUE(has_class(n.attrs, "role-run"));
  EXPECT_TRUE(has_class(node(s, "dedup_events@2024-03-01").attrs, "role-dry-run-excluded"));
  EXPECT_EQ(get_attr(node(s, "dedup_events@2024-03-01").attrs, "label"), "dedup_events\\ndry-run");
}

TEST(InstanceView, DayBarriersJoinConsecutiveDatesOfAGroup) {
  auto l = load(fixture("small.bf"), "fix_march");
  Scene s = build_full_instance_scene(l->plan);
  auto barriers = edges_with_class(s, "barrier");
  ASSERT_EQ(barriers.size(), 1u);  // group 0: 03-01 -> 03-02; group 1 has one date
  const SceneEdge& b = *barriers[0];
  EXPECT_EQ(get_attr(b.attrs, "ltail"), "cluster_g0_d0");
  EXPECT_EQ(get_attr(b.attrs, "lhead"), "cluster_g0_d1");
  EXPECT_EQ(get_attr(b.attrs, "style"), "dashed");
  EXPECT_EQ(get_attr(b.attrs, "id"), "barrier-g0-2024-03-01");
  // It leaves the deepest instance of the first day and enters a source of the next.
  EXPECT_EQ(s.nodes[b.from].name.substr(0, 7), "report@");
  EXPECT_EQ(s.nodes[b.to].name.substr(0, 11), "raw_events@");
  EXPECT_EQ(get_attr(s.graph_attrs, "compound"), "true");
}

TEST(InstanceView, DataEdgesMatchTheInstanceGraph) {
  auto l = load(fixture("small.bf"), "fix_march");
  Scene s = build_full_instance_scene(l->plan);
  EXPECT_EQ(edges_with_class(s, "dep").size(), l->plan.deps.size());
}

TEST(InstanceView, IsolatedInstancesAndTheirMissingUpstream) {
  auto l = load(fixture("isolated.bf"), "mornings");
  EXPECT_EQ(codes(l->diags), std::vector<std::string>{"E0403"});
  auto iso = find_isolated(l->plan);
  EXPECT_EQ(iso.size(), 21u);  // 03:00 .. 23:00
  Scene s = build_full_instance_scene(l->plan);
  const SceneNode& sum = node(s, "daily_sum@2024-03-01");
  EXPECT_TRUE(has_class(sum.attrs, "isolated"));
  EXPECT_EQ(get_attr(sum.attrs, "color"), "#d62728");
  EXPECT_FALSE(has_class(node(s, "raw@2024-03-01T00:00").attrs, "isolated"));
  const SceneNode& ghost = node(s, "missing:raw@2024-03-01T03:00");
  EXPECT_TRUE(has_class(ghost.attrs, "missing"));
  EXPECT_EQ(edges_with_class(s, "missing").size(), 21u);
}

TEST(InstanceView, LoopThroughADayBarrierIsRed) {
  auto l = load(fixture("barrier_loop.bf"), "backwards");
  EXPECT_EQ(codes(l->diags), std::vector<std::string>{"E0402"});
  ASSERT_FALSE(l->plan.loop.empty());
  Scene s = build_full_instance_scene(l->plan);
  EXPECT_TRUE(has_class(node(s, "snap@2024-03-01").attrs, "loop"));
  EXPECT_TRUE(has_class(node(s, "snap@2024-03-02").attrs, "loop"));
  EXPECT_FALSE(has_class(node(s, "snap@2024-03-03").attrs, "loop"));
  auto red = edges_with_class(s, "loop");
  ASSERT_EQ(red.size(), 2u);  // the data edge 03-01 -> 03-02 and the barrier 03-02 => 03-01
  int barriers = 0;
  for (const SceneEdge* e : red) barriers += has_class(e->attrs, "barrier");
  EXPECT_EQ(barriers, 1);
}

TEST(InstanceView, CollapsesAboveTheBudgetAndSaysSo) {
  auto l = load(fixture("small.bf"), "fix_march");
  DiagnosticSink diags;
  Scene s = build_instance_scene(l->plan, l->analysis.graph, 20, diags);
  ASSERT_EQ(codes(diags), std::vector<std::string>{"W0007"});
  EXPECT_NE(diags.diagnostics()[0].message.find("one node per task per group (10 nodes)"),
            std::string::npos)
      << diags.diagnostics()[0].message;
  EXPECT_EQ(s.nodes.size(), 11u);  // 5 plan tasks x 2 groups + legend
  const SceneNode& n = node(s, "raw_events@group0");
  EXPECT_TRUE(has_class(n.attrs, "instance-group"));
  EXPECT_EQ(get_attr(n.attrs, "label"), "raw_events\\nhourly · 48 instances");
  // The self-dependency crosses from group 0 to group 1.
  bool cross = false;
  for (const auto& e : s.edges)
    cross |= s.nodes[e.from].name == "events_daily@group0" &&
             s.nodes[e.to].name == "events_daily@group1";
  EXPECT_TRUE(cross);
}

TEST(InstanceView, CollapsesToTasksWhenGroupsAreTooMany) {
  auto l = load(fixture("small.bf"), "fix_march");
  DiagnosticSink diags;
  Scene s = build_instance_scene(l->plan, l->analysis.graph, 5, diags);
  ASSERT_EQ(codes(diags), std::vector<std::string>{"W0007"});
  EXPECT_NE(diags.diagnostics()[0].message.find("one node per task (9 nodes)"), std::string::npos);
  EXPECT_TRUE(has_class(node(s, "raw_events").attrs, "task"));
}

TEST(InstanceView, CollapsedGroupLabelsShowEachRunOfDates) {
  auto l = load(fixture("gaps.bf"), "feeds");
  DiagnosticSink diags;
  Scene s = build_instance_scene(l->plan, l->analysis.graph, 6, diags);
  ASSERT_EQ(codes(diags), std::vector<std::string>{"W0007"});
  std::vector<std::string> labels;
  for (const auto& c : s.clusters) labels.push_back(std::string(get_attr(c.attrs, "label")));
  EXPECT_EQ(labels, (std::vector<std::string>{
                        // The last group first: dot stacks lanes bottom up.
                        "group 2: 2024-02-22..2024-02-23 (2 dates, one after another)",
                        "group 1: 2024-02-15, 2024-02-20..2024-02-21 (3 dates, one after another)",
                        "group 0: 2024-02-10..2024-02-12 (3 dates, one after another)"}));
}

TEST(InstanceView, TaskLoopInABackfillIsDrawnButNotReportedTwice) {
  auto l = load(fixture("loop.bf"), "again");
  EXPECT_EQ(codes(l->diags), std::vector<std::string>{"E0401"});
  EXPECT_FALSE(l->plan.loop.empty());
  EXPECT_TRUE(l->plan.loop_is_task_loop);
  DiagnosticSink diags;
  Scene s = build_instance_scene(l->plan, l->analysis.graph, kDefaultNodeBudget, diags);
  EXPECT_TRUE(has_class(node(s, "b@2024-03-01").attrs, "loop"));
}

TEST(InstanceView, LoopSurvivesCollapse) {
  auto l = load(fixture("barrier_loop.bf"), "backwards");
  DiagnosticSink diags;
  Scene s = build_instance_scene(l->plan, l->analysis.graph, 1, diags);
  EXPECT_TRUE(has_class(node(s, "snap@group0").attrs, "loop"));
}

}  // namespace
}  // namespace bfc::render::test
