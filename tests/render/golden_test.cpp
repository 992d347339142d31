// Golden DOT for small plans: the scene, attributes and order are deterministic, so the
// .dot output is compared byte for byte. BFC_UPDATE_GOLDEN=1 rewrites the files (and fails
// each test whose file changed: tests/golden.h).
#include <gtest/gtest.h>

#include <fstream>
#include <ostream>
#include <sstream>

#include "golden.h"

#include "render/graphviz.h"
#include "render/instance_view.h"
#include "render/layout_budget.h"
#include "render/task_view.h"
#include "render_test_util.h"

namespace bfc::render::test {
namespace {

struct Case {
  const char* golden;
  const char* fixture;
  const char* backfill;  // "" = plain task view
  bool instances;
};

// How a case reads in test output: its golden file (the default printer shows raw bytes).
void PrintTo(const Case& c, std::ostream* os) {
  *os << c.golden;
}

class Golden : public ::testing::TestWithParam<Case> {};

TEST_P(Golden, DotMatches) {
  const Case& c = GetParam();
  auto l = load(fixture(c.fixture), c.backfill);
  DiagnosticSink diags;
  Scene s = c.instances
                ? build_instance_scene(l->plan, l->analysis.graph, kDefaultNodeBudget, diags)
                : build_task_scene(l->analysis.model, l->analysis.graph,
                                   l->has_plan ? &l->plan : nullptr);
  apply_layout_budget(s);
  std::string dot;
  ASSERT_TRUE(render_scene(s, OutputFormat::Dot, dot, diags));
  std::string path = std::string(BFC_RENDER_DIR) + "/golden/" + c.golden;
  if (!golden::update_golden(path, dot)) {
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << "missing " << path << "; run with BFC_UPDATE_GOLDEN=1";
    std::stringstream expected;
    expected << in.rdbuf();
    EXPECT_EQ(dot, expected.str()) << "run with BFC_UPDATE_GOLDEN=1 and review the diff";
  }
  // Twice the same input gives the same bytes.
  std::string again;
  ASSERT_TRUE(render_scene(s, OutputFormat::Dot, again, diags));
  EXPECT_EQ(dot, again);
}

INSTANTIATE_TEST_SUITE_P(
    Render, Golden,
    ::testing::Values(Case{"small_tasks.dot", "small.bf", "", false},
                      Case{"small_fix_march.dot", "small.bf", "fix_march", false},
                      Case{"loop_tasks.dot", "loop.bf", "", false},
                      Case{"barrier_loop_instances.dot", "barrier_loop.bf", "backwards", true},
                      Case{"isolated_instances.dot", "isolated.bf", "mornings", true},
                      Case{"gaps_feeds.dot", "gaps.bf", "feeds", false},
                      Case{"gaps_instances.dot", "gaps.bf", "feeds", true}),
    [](const auto& info) {
      std::string n = info.param.golden;
      return n.substr(0, n.find('.'));
    });

}  // namespace
}  // namespace bfc::render::test
