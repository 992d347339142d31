// `bfc status`: the last lines of an attempt's log, and reading the plan's outline from the
// state instead of parsing the plan.
#include <gtest/gtest.h>
#include <unistd.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "sha256.h"
#include "state_db.h"
#include "status_report.h"

namespace bfc::runtime::testing {
namespace {

namespace fs = std::filesystem;

// The obvious way: every line through getline, keep the last n.
std::string reference_tail(const std::string& text, int n) {
  std::istringstream in(text);
  std::deque<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(line);
    if (int(lines.size()) > n) lines.pop_front();
  }
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

class TailFile : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() / ("bfc_tail_test_" + std::to_string(getpid()) + ".log")).string();
  }
  void TearDown() override { fs::remove(path_); }
  std::string with(const std::string& text, int n) {
    std::ofstream(path_, std::ios::binary) << text;
    return tail_file(path_, n);
  }
  std::string path_;
};

TEST_F(TailFile, LastLinesOfSmallFiles) {
  EXPECT_EQ(with("a\nb\nc\n", 2), "b\nc\n");
  EXPECT_EQ(with("a\nb\nc", 2), "b\nc\n");
  EXPECT_EQ(with("a\nb\n", 10), "a\nb\n");
  EXPECT_EQ(with("a\n\n\n", 2), "\n\n");
  EXPECT_EQ(with("\n", 3), "\n");
  EXPECT_EQ(with("", 3), "");
  EXPECT_EQ(with("a\nb\n", 0), "");
  EXPECT_EQ(tail_file(path_ + ".missing", 3), "");
}

TEST_F(TailFile, SameAsReadingEveryLineOnRandomLogs) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::string text;
    int lines = int(rng() % 50);
    for (int l = 0; l < lines; ++l) {
      // Mostly short lines, some empty, some far longer than the first chunk read.
      std::size_t len = rng() % 10 == 0 ? 20000 + rng() % 30000 : rng() % 80;
      text += std::string(len, char('a' + l % 26));
      if (l + 1 < lines || rng() % 2) text += '\n';
    }
    for (int n : {1, 3, 10, 60}) ASSERT_EQ(with(text, n), reference_tail(text, n)) << round << " n=" << n;
  }
}

TEST_F(TailFile, LastLinesOfAHugeLog) {
  {
    std::ofstream out(path_, std::ios::binary);
    std::string line(99, 'x');
    for (int i = 0; i < 200000; ++i) out << line << '\n';  // 20 MB
    out << "second to last\nlast\n";
  }
  EXPECT_EQ(tail_file(path_, 2), "second to last\nlast\n");
}

TEST_F(TailFile, LastLineLongerThanFourMegabytesShowsItsEnd) {
  std::string text = "first\n" + std::string(5 << 20, 'y') + "END\n";
  std::string got = with(text, 2);
  EXPECT_EQ(got.size(), (std::size_t(4) << 20));
  EXPECT_EQ(got.substr(got.size() - 4), "END\n");
}

class PlanFromState : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("bfc_status_test_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    plan_path_ = (dir_ / "plan.json").string();
    state_path_ = plan_path_ + ".state.db";
    fs::copy_file(std::string(BFC_RUNTIME_FIXTURES) + "/small.plan.json", plan_path_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  Plan full() {
    PlanError e;
    auto p = load_plan(plan_path_, e);
    EXPECT_TRUE(p.has_value());
    return *p;
  }
  // A state made from the plan, with some progress and a failure with a log.
  void make_state(const Plan& plan) {
    StateDb db(state_path_, true);
    db.attach_plan(plan, false);
    InstanceState ok;
    ok.status = Status::succeeded;
    ok.attempts = 1;
    db.set_instance(0, ok);
    InstanceState bad;
    bad.status = Status::failed;
    bad.kind = FailKind::attempt;
    bad.attempts = 1;
    bad.reason = "attempt 1 failed (exit code 3)";
    db.set_instance(2, bad);
    std::string log = (dir_ / "x.log").string();
    std::ofstream(log) << "boom\n";
    db.attempt_started(AttemptStart{2, 1, "run/2/1", 1709251200000, log});
    db.attempt_finished(AttemptEnd{2, 1, 1709251260000, 3, 0, "failed"});
    db.commit();
  }
  fs::path dir_;
  std::string plan_path_, state_path_;
};

TEST_F(PlanFromState, SameReportAsFromTheParsedPlan) {
  Plan plan = full();
  make_state(plan);
  auto outline = plan_from_state(plan_path_, state_path_);
  ASSERT_TRUE(outline.has_value());
  EXPECT_EQ(outline->sha256, plan.sha256);
  EXPECT_EQ(outline->backfill, plan.backfill);
  ASSERT_EQ(outline->instances.size(), plan.instances.size());
  auto a = gather_status(plan, state_path_, 10);
  auto b = gather_status(*outline, state_path_, 10);
  EXPECT_EQ(render_status_text(a, 10), render_status_text(b, 10));
  EXPECT_EQ(render_status_json(a, 10), render_status_json(b, 10));
  EXPECT_NE(render_status_text(b, 10).find("| boom"), std::string::npos) << render_status_text(b, 10);
}

TEST_F(PlanFromState, NothingWithoutAStateOfThisVeryFile) {
  EXPECT_FALSE(plan_from_state(plan_path_, state_path_).has_value());  // no state yet
  make_state(full());
  EXPECT_TRUE(plan_from_state(plan_path_, state_path_).has_value());
  std::ofstream(plan_path_, std::ios::app) << "\n";  // same plan, other bytes: not this file
  EXPECT_FALSE(plan_from_state(plan_path_, state_path_).has_value());
  EXPECT_FALSE(plan_from_state(plan_path_ + ".missing", state_path_).has_value());
}

TEST(Sha256File, MatchesTheInMemoryDigest) {
  std::string path = (fs::temp_directory_path() / ("bfc_sha_" + std::to_string(getpid()))).string();
  std::string text;
  for (int i = 0; i < 300000; ++i) text += char('a' + i % 23);  // more than one read chunk
  std::ofstream(path, std::ios::binary) << text;
  EXPECT_EQ(sha256_file_hex(path), sha256_hex(text));
  std::ofstream(path, std::ios::binary | std::ios::trunc).flush();
  EXPECT_EQ(sha256_file_hex(path), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  fs::remove(path);
  EXPECT_FALSE(sha256_file_hex(path).has_value());
}

}  // namespace
}  // namespace bfc::runtime::testing
