// Instance expansion, groups, priorities, and graph-wide properties of compiled plans.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "driver/pipeline.h"
#include "plan/instances.h"
#include "plan/intervals.h"
#include "support/calendar.h"

namespace bfc {
namespace {

int64_t day(const char* s) {
  return *cal::parse_date(s);
}

struct Compiled {
  Program prog;
  DiagnosticSink diags;
  Analysis a;
  std::vector<InstanceGraph> graphs;
};

std::unique_ptr<Compiled> compile_text(const std::string& text, const char* today = "2024-06-01") {
  auto c = std::make_unique<Compiled>();
  load_text("t.bf", text, c->prog, c->diags);
  analyze_program(c->prog, c->diags, c->a);
  if (c->diags.has_errors()) return c;
  for (const auto& b : c->a.model.backfills)
    c->graphs.push_back(analyze_backfill(c->a, b, "", day(today), c->diags));
  return c;
}

std::string codes(const DiagnosticSink& d) {
  std::string s;
  for (const auto& x : d.diagnostics()) s += std::string(diag_info(x.code).name) + " ";
  return s;
}

TEST(Groups, ContiguousLargerFirst) {
  auto g = make_groups({1, 2, 3}, 2);
  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(g[0].dates, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(g[1].dates, (std::vector<int64_t>{3}));
  EXPECT_EQ(make_groups({1, 2}, 8).size(), 2u);
  auto h = make_groups({1, 2, 3, 4, 5, 6, 7}, 3);
  EXPECT_EQ(h[0].dates.size(), 3u);
  EXPECT_EQ(h[1].dates.size(), 2u);
  EXPECT_EQ(h[2].dates.size(), 2u);
}

TEST(Priority, DowngradeOlderThanYesterday) {
  int64_t today = day("2024-04-01");
  EXPECT_EQ(effective_priority(8, day("2024-03-31"), today), 8);
  EXPECT_EQ(effective_priority(8, day("2024-03-30"), today), 3);
  EXPECT_EQ(effective_priority(7, day("2024-03-01"), today), 3);
  EXPECT_EQ(effective_priority(5, day("2024-03-01"), today), 2);
  EXPECT_EQ(effective_priority(3, day("2024-03-01"), today), 2);
  EXPECT_EQ(effective_priority(1, day("2024-03-01"), today), 1);
}

TEST(Intervals, EveryCycleKind) {
  auto on = [](const char* src, const char* d) {
    auto c =
        compile_text(std::string("task t { cycle = ") + src + "; command = \"x ${bizdate}\"; }");
    EXPECT_FALSE(c->diags.has_errors()) << codes(c->diags);
    return intervals_on(c->a.model.tasks[0].cycle, day(d), std::nullopt).size();
  };
  EXPECT_EQ(on("daily", "2024-03-01"), 1u);
  EXPECT_EQ(on("hourly", "2024-03-01"), 24u);
  EXPECT_EQ(on("every(15m)", "2024-03-01"), 96u);
  EXPECT_EQ(on("cron(\"0 */6 * * *\")", "2024-03-01"), 4u);
  EXPECT_EQ(on("weekly(fri)", "2024-03-01"), 1u);
  EXPECT_EQ(on("weekly(mon)", "2024-03-01"), 0u);
  EXPECT_EQ(on("monthly(1)", "2024-03-01"), 1u);
  EXPECT_EQ(on("monthly(2)", "2024-03-01"), 0u);
}

TEST(Expand, HourlyToDailyDeps) {
  auto c = compile_text(R"(
    task h { cycle = hourly; command = "h ${interval_start}"; }
    task d { after = [h]; command = "d ${bizdate}"; }
    task w { cycle = hourly; after = [d]; command = "w ${interval_start}"; }
    backfill b { select = [h, d, w]; dates = 2024-03-01; }
  )");
  ASSERT_FALSE(c->diags.has_errors()) << codes(c->diags);
  const InstanceGraph& g = c->graphs[0];
  ASSERT_EQ(g.instances.size(), 49u);
  for (uint32_t i = 0; i < g.instances.size(); ++i) {
    size_t n = g.instances[i].deps_end - g.instances[i].deps_begin;
    if (g.id(i) == "d@2024-03-01") EXPECT_EQ(n, 24u);
    if (g.id(i).rfind("w@", 0) == 0) {
      ASSERT_EQ(n, 1u);
      EXPECT_EQ(g.id(g.deps[g.instances[i].deps_begin]), "d@2024-03-01");
    }
  }
}

TEST(Expand, OffsetLoopBackInTimeIsLegal) {
  auto c = compile_text(R"(
    task a { after = [b[-1d]]; command = "a ${bizdate}"; }
    task b { after = [a]; command = "b ${bizdate}"; }
    backfill x { select = [a, b]; dates = 2024-03-01..2024-03-03; }
  )");
  EXPECT_FALSE(c->diags.has_errors()) << codes(c->diags);
}

TEST(Expand, DescendingSelfDependentDeadlocks) {
  auto c = compile_text(R"(
    task a { self_dependent = true; command = "a ${bizdate}"; }
    backfill x { select = [a]; dates = 2024-03-01..2024-03-03; order = descending; }
  )");
  EXPECT_EQ(codes(c->diags), "E0402 ");
  EXPECT_FALSE(c->graphs[0].loop.empty());
}

TEST(Expand, DescendingInParallelGroupsOfOneIsFine) {
  auto c = compile_text(R"(
    task a { self_dependent = true; command = "a ${bizdate}"; }
    backfill x { select = [a]; dates = 2024-03-01..2024-03-03; order = descending; parallel = 3; }
  )");
  EXPECT_EQ(codes(c->diags), "W0006 ");
}

TEST(Expand, HoursWindowIsolatesDaily) {
  auto c = compile_text(R"(
    task h { cycle = hourly; command = "h ${interval_start}"; }
    task d { after = [h]; command = "d ${bizdate}"; }
    backfill b { select = [h, d]; dates = 2024-03-01; hours = 00:00..11:59; }
  )");
  EXPECT_EQ(codes(c->diags), "E0403 ");
  EXPECT_EQ(c->graphs[0].isolated, 12u);
}

TEST(Select, DryRunBetweenAndDropped) {
  auto c = compile_text(R"(
    task a { command = "a ${bizdate}"; }
    task b { after = [a]; command = "b ${bizdate}"; }
    task c { after = [b]; command = "c ${bizdate}"; }
    task d { after = [c]; command = "d ${bizdate}"; }
    backfill x { select = downstream(a); exclude = [b, d]; dates = 2024-03-01; }
  )");
  const Selection& s = c->graphs[0].selection;
  EXPECT_EQ(s.role[0], Role::Run);
  EXPECT_EQ(s.role[1], Role::DryRunExcluded);
  EXPECT_EQ(s.role[2], Role::Run);
  EXPECT_EQ(s.role[3], Role::DroppedExcluded);
  EXPECT_EQ(codes(c->diags), "W0003 ");
}

TEST(Select, UnpermittedRootIsAnError) {
  auto c = compile_text(R"(
    workspace w { members = ["bob"]; }
    task a { workspace = w; command = "a ${bizdate}"; }
    backfill x { as = "alice"; select = [a]; dates = 2024-03-01; }
  )");
  EXPECT_EQ(codes(c->diags), "E0404 ");
}

// Property: for every example, the instance graph is acyclic (checked by the verifier),
// ids are unique, and every dependency points at a generated instance of an upstream task.
TEST(Examples, EveryPlanIsConsistent) {
  for (const auto& e : std::filesystem::directory_iterator(BFC_EXAMPLES_DIR)) {
    if (e.path().extension() != ".bf") continue;
    Compiled c;
    LoadOptions lo;
    lo.root = BFC_EXAMPLES_DIR;
    ASSERT_TRUE(load_program({e.path().string()}, lo, c.prog, c.diags));
    analyze_program(c.prog, c.diags, c.a);
    ASSERT_FALSE(c.diags.has_errors()) << e.path();
    for (const auto& b : c.a.model.backfills) {
      InstanceGraph g = analyze_backfill(c.a, b, "", day("2024-12-01"), c.diags);
      ASSERT_FALSE(c.diags.has_errors()) << e.path() << " " << b.name;
      EXPECT_TRUE(g.loop.empty());
      std::set<std::string> ids;
      for (uint32_t i = 0; i < g.instances.size(); ++i)
        EXPECT_TRUE(ids.insert(g.id(i)).second) << g.id(i);
      for (uint32_t i = 0; i < g.instances.size(); ++i)
        for (uint32_t k = g.instances[i].deps_begin; k < g.instances[i].deps_end; ++k) {
          uint32_t j = g.deps[k];
          ASSERT_LT(j, g.instances.size());
          EXPECT_NE(i, j);
        }
    }
  }
}

}  // namespace
}  // namespace bfc
