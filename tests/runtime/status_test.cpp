// `bfc status` helpers: the last lines of an attempt's log; failures grouped by root cause.
#include <gtest/gtest.h>
#include <unistd.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <fmt/format.h>

#include "runtime/commands/logs.h"
#include "runtime/commands/run.h"
#include "runtime/commands/status.h"

namespace bfc::runtime::testing {
namespace {

// The last `n` lines of a whole file, as status shows a log's (runtime/commands/logs.h).
std::string tail_file(const std::string& path, int n) {
  return tail_range(LogRange{path, 0, -1, false}, n);
}

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
    path_ = (fs::temp_directory_path() / ("bfc_tail_test_" + std::to_string(getpid()) + ".log"))
                .string();
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
    for (int n : {1, 3, 10, 60})
      ASSERT_EQ(with(text, n), reference_tail(text, n)) << round << " n=" << n;
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

// A plan of tasks a, b, c on every date of the groups ({id, dates}).
Plan three_tasks(const std::vector<PlanGroup>& groups) {
  Plan plan;
  plan.backfill = "b";
  plan.path = "plan.json";
  plan.sha256 = std::string(64, '0');
  plan.groups = groups;
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (std::size_t k = 0; k < groups[g].dates.size(); ++k)
      for (const char* task : {"a", "b", "c"}) {
        PlanInstance in;
        in.task = task;
        in.bizdate = groups[g].dates[k];
        in.id = in.task + "@" + in.bizdate;
        in.group = groups[g].id;
        in.group_index = int(g);
        in.date_index = int(k);
        plan.instances.push_back(std::move(in));
      }
  for (std::size_t i = 0; i < plan.instances.size(); ++i)
    plan.index.emplace(plan.instances[i].id, int(i));
  return plan;
}

class FailureGrouping : public TailFile {
 protected:
  // Everything before day `upto` of each group succeeded, the rest waits.
  StatusData data(const Plan& plan) {
    StatusData d;
    d.plan = &plan;
    d.has_state = true;
    d.states.assign(plan.instances.size(), InstanceState{});
    return d;
  }
  void set(StatusData& d, const std::string& id, Status s, FailKind k = FailKind::None,
           const std::string& reason = "") {
    int i = d.plan->find(id);
    ASSERT_GE(i, 0) << id;
    d.states[i] = InstanceState{s, 1, 0, 0, k, reason};
  }
};

std::vector<std::string> dates(int from, int to) {
  std::vector<std::string> v;
  for (int day = from; day <= to; ++day) v.push_back(fmt::format("2024-03-{:02}", day));
  return v;
}

// One instance fails early on a day of group 0; the rest of its day, a dependent in group 1
// and the rest of that dependent's day follow; both groups stop.
TEST_F(FailureGrouping, ConsequencesCountedUnderTheirRootCause) {
  Plan plan = three_tasks({{0, dates(1, 6)}, {1, dates(7, 10)}});
  StatusData d = data(plan);
  for (const char* t : {"a", "b", "c"}) {
    set(d, std::string(t) + "@2024-03-01", Status::Succeeded);
    set(d, std::string(t) + "@2024-03-07", Status::Succeeded);
  }
  const std::string day0 = "day 2024-03-02 of group 0 failed (a@2024-03-02 failed)";
  set(d, "a@2024-03-02", Status::Failed, FailKind::Attempt, "attempt 1 failed (exit code 1)");
  set(d, "b@2024-03-02", Status::Failed, FailKind::Propagated, day0);
  set(d, "c@2024-03-02", Status::Failed, FailKind::Propagated, day0);
  set(d, "c@2024-03-08", Status::Failed, FailKind::Propagated, "dependency a@2024-03-02 failed");
  set(d, "a@2024-03-08", Status::Failed, FailKind::Propagated,
      "day 2024-03-08 of group 1 failed (c@2024-03-08 failed)");
  set(d, "b@2024-03-08", Status::Failed, FailKind::Propagated, "day 2024-03-08 of group 1 failed");
  std::ofstream(path_) << "starting\nboom\n";
  d.last_attempt[plan.find("a@2024-03-02")].log_path = path_;

  FailureAnalysis fa = analyze_failures(d);
  EXPECT_EQ(fa.failed, 6);
  EXPECT_EQ(fa.propagated, 5);
  ASSERT_EQ(fa.roots.size(), 1u);
  EXPECT_EQ(fa.roots[0].consequences, 5);
  EXPECT_TRUE(fa.unattributed.empty());
  ASSERT_EQ(fa.stopped.size(), 2u);
  EXPECT_EQ(fa.stopped[0].not_run, 12);
  EXPECT_EQ(fa.stopped[0].not_run_days, 4);
  EXPECT_EQ(fa.stopped[1].not_run, 6);
  EXPECT_EQ(fa.stopped[1].not_run_days, 2);

  std::string text = render_status_text(d, 1);
  const std::string expected =
      "failed (6): 1 root cause, 5 failed without running because of it\n"
      "  a@2024-03-02: attempt 1 failed (exit code 1)\n"
      "    log: bfc logs " +
      d.plan->path + " a@2024-03-02" +
      (d.state_path == default_state_path(d.plan->path) ? "" : " --state " + d.state_path) +
      "\n"
      "    | boom\n"
      "    and 5 more failed without running because of it: 2 of 2024-03-02 (group 0), 3 of "
      "2024-03-08 (group 1)\n"
      "\n"
      "stopped groups (2):\n"
      "  group 0 stopped on 2024-03-02 by a@2024-03-02: 4 days (12 instances) not run\n"
      "  group 1 stopped on 2024-03-08 by a@2024-03-02: 2 days (6 instances) not run\n";
  auto at = text.find("failed (6)");
  ASSERT_NE(at, std::string::npos) << text;
  EXPECT_EQ(text.substr(at), expected);

  auto j = render_status_json(d, 1);
  EXPECT_EQ(j["failures"]["root_causes"][0]["id"], "a@2024-03-02");
  EXPECT_EQ(j["failures"]["root_causes"][0]["consequences"], 5);
  EXPECT_EQ(j["failures"]["stopped_groups"][1]["not_run"], 6);
  for (const auto& e : j["instances"])
    if (e.value("fail_kind", "") == "propagated") EXPECT_EQ(e["cause"], "a@2024-03-02") << e;
}

// Root causes come in run order, the first few in full; failures whose reason names no cause
// are counted by day.
TEST_F(FailureGrouping, RootCausesInRunOrderLimitedAndUnattributedByDay) {
  Plan plan = three_tasks({{0, dates(1, 3)}, {1, dates(4, 6)}});
  StatusData d = data(plan);
  set(d, "c@2024-03-04", Status::Failed, FailKind::Attempt, "attempt 1 failed (exit code 2)");
  set(d, "b@2024-03-01", Status::Failed, FailKind::Interrupted, "stopped by SIGINT");
  set(d, "a@2024-03-01", Status::Failed, FailKind::Attempt, "attempt 1 failed (exit code 1)");
  set(d, "c@2024-03-01", Status::Failed, FailKind::Propagated, "day 2024-03-01 of group 0 failed");
  set(d, "a@2024-03-04", Status::Failed, FailKind::Propagated, "gone");
  FailureAnalysis fa = analyze_failures(d);
  ASSERT_EQ(fa.roots.size(), 3u);
  EXPECT_EQ(plan.instances[fa.roots[0].instance].id, "a@2024-03-01");
  EXPECT_EQ(plan.instances[fa.roots[1].instance].id, "b@2024-03-01");
  EXPECT_EQ(plan.instances[fa.roots[2].instance].id, "c@2024-03-04");
  ASSERT_EQ(fa.unattributed.size(), 2u);
  EXPECT_EQ(fa.unattributed[0].count, 1);
  EXPECT_EQ(fa.stopped[0].cause, plan.find("a@2024-03-01"));
  EXPECT_EQ(fa.stopped[1].cause, plan.find("c@2024-03-04"));
  std::string text = render_status_text(d, 1, 2);
  EXPECT_NE(text.find("  1 more root cause (1 failed instance in all): `bfc status --all` shows "
                      "them\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("c@2024-03-04: attempt"), std::string::npos) << text;
  EXPECT_NE(text.find("  2 failed without running, their cause not recorded in the state (by "
                      "day):\n    2024-03-01 (group 0): 1 (day 2024-03-01 of group 0 failed)\n"
                      "    2024-03-04 (group 1): 1 (gone)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(render_status_text(d, 1, -1).find("c@2024-03-04: attempt"), std::string::npos);
}

}  // namespace
}  // namespace bfc::runtime::testing
