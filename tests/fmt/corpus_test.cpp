// Every .bf file in the repository (examples/, stdlib/, tests/ including the synthetic
// cases in tests/fmt/data/): formatting is idempotent, keeps every comment and never
// changes the AST. Files that do not parse (error cases) must be refused.
#include <gtest/gtest.h>

#include <algorithm>

#include "fmt_test_util.h"
#include "golden.h"

namespace bfc::fmttest {
namespace {

std::vector<std::string> corpus() {
  std::string root = BFC_SOURCE_DIR;
  return bf_files_under({root + "/examples", root + "/stdlib", root + "/tests"});
}

// Checks the three guarantees for one input; returns false when it does not parse.
// Comment order is compared exactly except for other areas' test cases, which may place
// comments where docs/fmt.md allows reordering (a hoisted comment after a broken list's).
bool check_guarantees(const std::string& name, const std::string& src) {
  bool ordered =
      name.find("/tests/") == std::string::npos || name.find("/tests/fmt/") != std::string::npos;
  bool parses = false;
  std::string before = dump_ast(src, &parses);
  Formatted f = format_text(src);
  EXPECT_EQ(f.ok, parses) << name;
  if (!f.ok) return false;
  Formatted again = format_text(f.text);
  EXPECT_TRUE(again.ok) << name << ": formatted text does not parse:\n"
                        << again.diagnostics << f.text;
  EXPECT_EQ(again.text, f.text) << name << ": not idempotent";
  EXPECT_EQ(dump_ast(f.text), before) << name << ": formatting changed the meaning";
  std::vector<std::string> want = comment_texts(src), got = comment_texts(f.text);
  if (!ordered) {
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
  }
  EXPECT_EQ(got, want) << name << ": comments lost or reordered";
  return true;
}

TEST(FmtCorpus, EveryRepositoryFileIsAFixedPointAndKeepsItsMeaning) {
  std::vector<std::string> files = corpus();
  ASSERT_FALSE(files.empty());
  size_t formatted = 0;
  for (const auto& path : files) formatted += check_guarantees(path, read_all(path));
  EXPECT_GT(formatted, 3u);  // at least the stdlib and the synthetic cases
}

TEST(FmtCorpus, BriefExampleKeepsEveryComment) {
  std::string src = read_all(std::string(BFC_FMT_DATA_DIR) + "/brief_example.bf");
  ASSERT_TRUE(check_guarantees("brief_example.bf", src));
  Formatted f = format_text(src);
  EXPECT_EQ(comment_texts(f.text).size(), 20u);
  EXPECT_NE(f.text.find("  command = <<SQL\n    INSERT OVERWRITE TABLE"), std::string::npos);
  EXPECT_NE(f.text.find("  limits { roots = 800; tasks = 5000; instances = 2000000; }  # raise the "
                        "default guards\n"),
            std::string::npos);
}

// BFC_UPDATE_GOLDEN=1 rewrites brief_example.formatted (and fails if it changed: golden.h).
TEST(FmtCorpus, FormattedBriefExampleIsItsOwnGoldenFile) {
  std::string src = read_all(std::string(BFC_FMT_DATA_DIR) + "/brief_example.bf");
  std::string golden_path = std::string(BFC_FMT_DATA_DIR) + "/brief_example.formatted";
  std::string got = format_text(src).text;
  if (golden::update_golden(golden_path, got)) return;
  EXPECT_EQ(got, read_all(golden_path));
}

}  // namespace
}  // namespace bfc::fmttest
