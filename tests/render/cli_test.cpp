// `bfc render` end to end: every example and fixture, exit codes, atomic writes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "render_test_util.h"

namespace bfc::render::test {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class RenderCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("bfc-render-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  int render(const std::string& args, std::string* out = nullptr) {
    return run(std::string(BFC_BINARY) + " render --today 2024-04-01 " + args, out);
  }
  // Files in the output directory other than `keep` (leftover temp files).
  std::vector<std::string> leftovers(const std::string& keep = "") {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_))
      if (e.path().filename() != keep) out.push_back(e.path().filename().string());
    return out;
  }
  fs::path dir_;
};

// Every .bf under examples/ and tests/render/fixtures: the task view, each backfill's task
// view and instance view. Plans may have errors (exit 1) but must always be drawn.
TEST_F(RenderCli, EveryExampleAndFixtureRenders) {
  std::vector<fs::path> plans;
  for (const char* root : {BFC_SOURCE_DIR "/examples", BFC_RENDER_DIR "/fixtures"}) {
    if (!fs::exists(root)) continue;
    for (const auto& e : fs::recursive_directory_iterator(root))
      if (e.path().extension() == ".bf") plans.push_back(e.path());
  }
  std::sort(plans.begin(), plans.end());
  ASSERT_GE(plans.size(), 4u);
  int n = 0;
  for (const fs::path& plan : plans) {
    auto l = load(plan.string());
    if (l->analysis.model.tasks.empty()) continue;  // a module of params or policies only
    std::vector<std::string> variants{""};
    for (const auto& b : l->analysis.model.backfills) {
      variants.push_back("--backfill " + b.name);
      variants.push_back("--backfill " + b.name + " --instances");
    }
    for (const std::string& v : variants) {
      fs::path out = dir_ / ("out" + std::to_string(n++) + ".svg");
      std::string log;
      int rc = render(plan.string() + " " + v + " -o " + out.string(), &log);
      EXPECT_TRUE(rc == 0 || rc == 1) << plan << " " << v << " exit " << rc << "\n" << log;
      ASSERT_TRUE(fs::exists(out)) << plan << " " << v << "\n" << log;
      Svg svg = parse_svg(slurp(out));
      EXPECT_TRUE(svg.ok) << plan << " " << v;
      EXPECT_EQ(svg.by_id.count("legend"), 1u) << plan << " " << v;
    }
  }
}

TEST_F(RenderCli, LoopIsDrawnAndExitsOne) {
  fs::path out = dir_ / "loop.svg";
  std::string log;
  EXPECT_EQ(render(fixture("loop.bf") + " -o " + out.string(), &log), 1);
  EXPECT_NE(log.find("error[E0401]"), std::string::npos) << log;
  EXPECT_NE(log.find("wrote `" + out.string() + "` anyway"), std::string::npos) << log;
  Svg svg = parse_svg(slurp(out));
  ASSERT_TRUE(svg.ok);
  EXPECT_EQ(svg.with_class("loop").size(), 6u);
}

TEST_F(RenderCli, FormatsByExtension) {
  ASSERT_EQ(render(fixture("small.bf") + " --backfill fix_march -o " + (dir_ / "a.png").string()),
            0);
  EXPECT_EQ(slurp(dir_ / "a.png").substr(0, 4), "\x89PNG");
  ASSERT_EQ(render(fixture("small.bf") + " -o " + (dir_ / "a.dot").string()), 0);
  EXPECT_EQ(slurp(dir_ / "a.dot").rfind("digraph tasks {", 0), 0u);
  std::string log;
  EXPECT_EQ(render(fixture("small.bf") + " -o " + (dir_ / "a.pdf").string(), &log), 2);
  EXPECT_NE(log.find("use .svg, .png or .dot"), std::string::npos) << log;
  EXPECT_FALSE(fs::exists(dir_ / "a.pdf"));
}

TEST_F(RenderCli, UsageErrorsExitTwo) {
  std::string log;
  EXPECT_EQ(
      render(fixture("small.bf") + " --backfill fix_mrach -o " + (dir_ / "x.svg").string(), &log),
      2);
  EXPECT_NE(log.find("did you mean `fix_march`?"), std::string::npos) << log;
  EXPECT_EQ(render(fixture("small.bf") + " -o " + (dir_ / "missing" / "x.svg").string(), &log), 2);
  EXPECT_NE(log.find("cannot create a file"), std::string::npos) << log;
  EXPECT_EQ(render((dir_ / "nope.bf").string() + " -o " + (dir_ / "x.svg").string(), &log), 2);
  EXPECT_EQ(render(fixture("small.bf"), &log), 2);  // -o is required
  EXPECT_TRUE(leftovers().empty());
}

TEST_F(RenderCli, InstanceViewNeedsOneBackfill) {
  fs::path plan = dir_ / "two.bf";
  std::ofstream(plan) << "task a { cycle = daily; command = \"a ${bizdate}\"; }\n"
                         "backfill one { select = [a]; dates = 2024-03-01; }\n"
                         "backfill two { select = [a]; dates = 2024-03-02; }\n";
  std::string log;
  EXPECT_EQ(render(plan.string() + " --instances -o " + (dir_ / "x.svg").string(), &log), 2);
  EXPECT_NE(
      log.find(
          "error[E0211]: the instance view (`render --instances`) draws one backfill, and the plan "
          "declares 2: choose one with --backfill"),
      std::string::npos)
      << log;
  EXPECT_NE(log.find("note: the plan's backfills: `one`, `two`"), std::string::npos) << log;
  EXPECT_EQ(
      render(plan.string() + " --instances --backfill two -o " + (dir_ / "x.svg").string(), &log),
      0)
      << log;
  EXPECT_TRUE(parse_svg(slurp(dir_ / "x.svg")).by_id.count("a@2024-03-02"));
}

TEST_F(RenderCli, FrontEndErrorsLeaveTheOldFileAlone) {
  fs::path plan = dir_ / "broken.bf";
  std::ofstream(plan) << "task a { cycle = ; }\n";
  fs::path out = dir_ / "keep.svg";
  std::ofstream(out) << "old";
  std::string log;
  EXPECT_EQ(render(plan.string() + " -o " + out.string(), &log), 1);
  EXPECT_NE(log.find("nothing to draw"), std::string::npos) << log;
  EXPECT_EQ(slurp(out), "old");
  EXPECT_EQ(leftovers("keep.svg"), std::vector<std::string>{"broken.bf"});
}

TEST_F(RenderCli, CollapseIsAWarning) {
  std::string log;
  fs::path out = dir_ / "c.svg";
  EXPECT_EQ(render(fixture("small.bf") + " --instances --max-nodes 20 -o " + out.string(), &log),
            0);
  EXPECT_NE(log.find("warning[W0007]"), std::string::npos) << log;
  Svg svg = parse_svg(slurp(out));
  EXPECT_EQ(svg.with_class("instance-group").size(), 10u);
}

TEST_F(RenderCli, SameInputSameBytes) {
  fs::path a = dir_ / "a.svg", b = dir_ / "b.svg";
  ASSERT_EQ(render(fixture("small.bf") + " --backfill fix_march -o " + a.string()), 0);
  ASSERT_EQ(render(fixture("small.bf") + " --backfill fix_march -o " + b.string()), 0);
  EXPECT_EQ(slurp(a), slurp(b));
}

}  // namespace
}  // namespace bfc::render::test
