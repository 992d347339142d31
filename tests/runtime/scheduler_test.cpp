// The scheduler's rules, deterministically: fake clock, fake processes, in-memory state.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "fakes.h"
#include "plan_builder.h"
#include "runtime/exec/scheduler.h"

namespace bfc::runtime::testing {
namespace {

using ::testing::ElementsAre;

struct Harness {
  Plan plan;
  FakeClock clock;
  FakeLauncher runner{clock};
  MemoryStore store;
  RecordingReporter reporter;
  SchedulerOptions options;

  explicit Harness(Plan p) : plan(std::move(p)), store(plan.instances.size()) {
    options.max_running = 4;
    options.log_dir = "";           // the fake launcher writes no output: no log segments
    options.commit_interval_s = 0;  // a commit every round; batching has its own test
    store.clock = &clock;
  }
  RunSummary run() {
    Scheduler s(plan, options, clock, runner, store, reporter);
    return s.run();
  }
  const InstanceState& state(const std::string& id) { return store.states[plan.find(id)]; }
  Status status(const std::string& id) { return state(id).status; }
};

TEST(Scheduler, HighestPriorityFirstAmongReady) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.add("low", "2024-03-01", {}, 1);
  b.add("high", "2024-03-01", {}, 8);
  b.add("mid", "2024-03-01", {}, 5);
  Harness h(b.build());
  h.options.max_running = 1;
  EXPECT_EQ(h.run().outcome, Outcome::Succeeded);
  EXPECT_THAT(h.runner.order(), ElementsAre("high@2024-03-01", "mid@2024-03-01", "low@2024-03-01"));
}

TEST(Scheduler, EqualPriorityKeepsPlanOrder) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.add("c", "2024-03-01");
  b.add("a", "2024-03-01");
  b.add("b", "2024-03-01");
  Harness h(b.build());
  h.options.max_running = 1;
  h.run();
  EXPECT_THAT(h.runner.order(), ElementsAre("c@2024-03-01", "a@2024-03-01", "b@2024-03-01"));
}

TEST(Scheduler, NeverMoreThanMaxRunning) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  for (int i = 0; i < 7; ++i) b.add("t" + std::to_string(i), "2024-03-01");
  Harness h(b.build());
  h.options.max_running = 3;
  EXPECT_EQ(h.run().outcome, Outcome::Succeeded);
  EXPECT_EQ(h.runner.max_concurrent, 3);
  EXPECT_EQ(h.runner.starts.size(), 7u);
  EXPECT_DOUBLE_EQ(h.clock.t, 3.0);  // 7 one-second jobs, 3 at a time
}

TEST(Scheduler, ThrottleSpacesStarts) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  for (int i = 0; i < 3; ++i) b.add("t" + std::to_string(i), "2024-03-01");
  Harness h(b.build());
  h.options.throttle_s = 10;
  h.run();
  std::vector<double> at;
  for (const auto& s : h.runner.starts) at.push_back(s.at);
  EXPECT_THAT(at, ElementsAre(0.0, 10.0, 20.0));
}

TEST(Scheduler, WaitsForTheWindowAndSaysUntilWhen) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.add("a", "2024-03-01");
  Harness h(b.build());
  h.clock.base_ms += 12 * 3600 * 1000;  // 12:00
  h.options.window = PlanWindow{22 * 60, 6 * 60, "22:00..06:00"};
  EXPECT_EQ(h.run().outcome, Outcome::Succeeded);
  EXPECT_DOUBLE_EQ(h.runner.starts.at(0).at, 10 * 3600.0);  // 22:00
  EXPECT_TRUE(h.reporter.saw("outside the window 22:00..06:00; waiting until 2024-03-01 22:00"));
}

TEST(Scheduler, WindowEndIsInclusiveToTheMinute) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.add("a", "2024-03-01");
  b.add("b", "2024-03-01")["deps"] = {"a@2024-03-01"};
  Harness h(b.build());
  h.clock.base_ms += (6 * 3600 + 30) * 1000;  // 06:00:30, inside
  h.runner.script["a@2024-03-01"] = {{40}};   // ends 06:01:10, outside
  h.options.window = PlanWindow{22 * 60, 6 * 60, "22:00..06:00"};
  h.run();
  EXPECT_DOUBLE_EQ(h.runner.start_times("a@2024-03-01").at(0), 0.0);
  // b waits for 22:00 the same day: 15h59m30s after the start.
  EXPECT_DOUBLE_EQ(h.runner.start_times("b@2024-03-01").at(0), 15 * 3600 + 59 * 60 + 30.0);
}

TEST(Scheduler, FutureDatedInstanceWaitsForItsNotBeforeWithoutHoldingOthers) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.group({"2024-03-02"});
  b.add("now", "2024-03-01");
  b.add("later", "2024-03-02")["not_before"] = "2024-03-03T00:00";
  b.add("past", "2024-03-02")["not_before"] = "2024-03-01T06:00";
  Harness h(b.build());
  h.clock.base_ms += 12 * 3600 * 1000;  // 2024-03-01 12:00 (the fake's local time is UTC)
  EXPECT_EQ(h.run().outcome, Outcome::Succeeded);
  EXPECT_DOUBLE_EQ(h.runner.start_times("now@2024-03-01").at(0), 0.0);
  EXPECT_DOUBLE_EQ(h.runner.start_times("past@2024-03-02").at(0), 0.0);
  EXPECT_DOUBLE_EQ(h.runner.start_times("later@2024-03-02").at(0), 36 * 3600.0);
  EXPECT_TRUE(
      h.reporter.saw("waiting until 2024-03-03 00:00 for future-dated instances (run_future)"));
}

TEST(Scheduler, DependenciesRunFirst) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.add("down", "2024-03-01", {"up@2024-03-01"}, 8);
  b.add("up", "2024-03-01", {}, 1);
  Harness h(b.build());
  h.runner.script["up@2024-03-01"] = {{5}};
  h.run();
  EXPECT_THAT(h.runner.order(), ElementsAre("up@2024-03-01", "down@2024-03-01"));
  EXPECT_DOUBLE_EQ(h.runner.start_times("down@2024-03-01").at(0), 5.0);
}

TEST(Scheduler, DayBarrierHoldsTheNextDate) {
  PlanBuilder b;
  b.group({"2024-03-02", "2024-03-01"});  // descending
  b.add("slow", "2024-03-02");
  b.add("fast", "2024-03-02");
  b.add("fast", "2024-03-01");
  Harness h(b.build());
  h.runner.script["slow@2024-03-02"] = {{30}};
  EXPECT_EQ(h.run().outcome, Outcome::Succeeded);
  EXPECT_DOUBLE_EQ(h.runner.start_times("fast@2024-03-01").at(0), 30.0);
}

TEST(Scheduler, FailedInstanceFailsItsDayAndStopsItsGroupOnly) {
  PlanBuilder b;
  b.group({"2024-03-01", "2024-03-02"});
  b.group({"2024-03-03"});
  b.add("bad", "2024-03-01", {}, 8);
  b.add("later", "2024-03-01", {}, 1);
  b.add("next_day", "2024-03-02");
  b.add("other_group", "2024-03-03");
  Harness h(b.build());
  h.options.max_running = 1;
  h.runner.script["bad@2024-03-01"] = {{1, 3}};
  auto summary = h.run();
  EXPECT_EQ(summary.outcome, Outcome::Failed);
  EXPECT_EQ(h.status("bad@2024-03-01"), Status::Failed);
  EXPECT_EQ(h.state("bad@2024-03-01").kind, FailKind::Attempt);
  EXPECT_EQ(h.status("later@2024-03-01"), Status::Failed);
  EXPECT_EQ(h.state("later@2024-03-01").kind, FailKind::Propagated);
  EXPECT_EQ(h.state("later@2024-03-01").reason,
            "day 2024-03-01 of group 0 failed (bad@2024-03-01 failed)");
  EXPECT_EQ(h.status("next_day@2024-03-02"), Status::Waiting);  // the group stopped
  EXPECT_EQ(h.status("other_group@2024-03-03"), Status::Succeeded);
  EXPECT_TRUE(h.runner.start_times("later@2024-03-01").empty());
  EXPECT_TRUE(h.runner.start_times("next_day@2024-03-02").empty());
}

TEST(Scheduler, DayFailureKillsTheDaysRunningInstances) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.add("bad", "2024-03-01");
  b.add("long", "2024-03-01");
  Harness h(b.build());
  h.runner.script["bad@2024-03-01"] = {{1, 1}};
  h.runner.script["long@2024-03-01"] = {{100}};
  h.run();
  EXPECT_EQ(h.status("long@2024-03-01"), Status::Failed);
  EXPECT_EQ(h.state("long@2024-03-01").kind, FailKind::Propagated);
  EXPECT_THAT(h.store.outcomes(h.plan.find("long@2024-03-01")), ElementsAre("killed"));
  EXPECT_DOUBLE_EQ(h.clock.t, 1.0);
}

TEST(Scheduler, FailedDependencyFailsDependentsInOtherGroups) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.group({"2024-03-02", "2024-03-03"});
  b.add("up", "2024-03-01");
  b.add("down", "2024-03-02", {"up@2024-03-01"});
  b.add("sibling", "2024-03-02");
  b.add("after", "2024-03-03");
  Harness h(b.build());
  h.runner.script["up@2024-03-01"] = {{2, 1}};
  h.runner.script["sibling@2024-03-02"] = {{5}};
  h.run();
  EXPECT_EQ(h.status("down@2024-03-02"), Status::Failed);
  EXPECT_EQ(h.state("down@2024-03-02").reason, "dependency up@2024-03-01 failed");
  EXPECT_EQ(h.status("sibling@2024-03-02"), Status::Failed);  // its day failed (it was running)
  EXPECT_EQ(h.status("after@2024-03-03"), Status::Waiting);
}

TEST(Scheduler, RetriesAfterTheDelayWithNewAttemptNumbers) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  auto& in = b.add("flaky", "2024-03-01");
  in["retries"] = 2;
  in["retry_delay_s"] = 30;
  Harness h(b.build());
  h.runner.script["flaky@2024-03-01"] = {{1, 1}, {1, 1}, {1, 0}};
  EXPECT_EQ(h.run().outcome, Outcome::Succeeded);
  EXPECT_THAT(h.runner.start_times("flaky@2024-03-01"), ElementsAre(0.0, 31.0, 62.0));
  std::vector<std::string> attempts;
  for (const auto& s : h.runner.starts)
    attempts.push_back(FakeLauncher::env_value(s.env, "BF_ATTEMPT"));
  EXPECT_THAT(attempts, ElementsAre("1", "2", "3"));
  EXPECT_THAT(h.store.outcomes(0), ElementsAre("failed", "failed", "succeeded"));
}

TEST(Scheduler, FailsWhenRetriesAreUsedUp) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.add("bad", "2024-03-01")["retries"] = 1;
  Harness h(b.build());
  h.runner.script["bad@2024-03-01"] = {{1, 2}};
  EXPECT_EQ(h.run().outcome, Outcome::Failed);
  EXPECT_EQ(h.runner.starts.size(), 2u);
  EXPECT_EQ(h.state("bad@2024-03-01").reason, "attempt 2 failed (exit code 2) (no retries left)");
}

TEST(Scheduler, TimeoutTerminatesThenKillsTheProcessGroup) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.add("hang", "2024-03-01")["timeout_s"] = 5;
  Harness h(b.build());
  h.options.kill_grace_s = 3;
  h.runner.script["hang@2024-03-01"] = {{1000, 0, true}};
  EXPECT_EQ(h.run().outcome, Outcome::Failed);
  ASSERT_EQ(h.runner.signals.size(), 3u);  // TERM at 5, KILL at 8, cleanup KILL on exit
  EXPECT_EQ(h.runner.signals[0].second, SIGTERM);
  EXPECT_EQ(h.runner.signals[1].second, SIGKILL);
  EXPECT_DOUBLE_EQ(h.clock.t, 8.0);
  EXPECT_THAT(h.store.outcomes(0), ElementsAre("timeout"));
  EXPECT_EQ(h.state("hang@2024-03-01").reason, "attempt 1 timed out after 5s");
}

TEST(Scheduler, DryRunSucceedsWithoutRunningAndSatisfiesDependents) {
  PlanBuilder b;
  b.group({"2024-03-01", "2024-03-02"});
  auto& skip = b.add("skip", "2024-03-01");
  skip["mode"] = "dry_run";
  skip["dry_run_reason"] = "excluded";
  b.add("after", "2024-03-01", {"skip@2024-03-01"});
  b.add("next", "2024-03-02");
  Harness h(b.build());
  EXPECT_EQ(h.run().outcome, Outcome::Succeeded);
  EXPECT_EQ(h.status("skip@2024-03-01"), Status::DryRun);
  EXPECT_THAT(h.runner.order(), ElementsAre("after@2024-03-01", "next@2024-03-02"));
}

TEST(Scheduler, FrozenInstancesHoldTheirDependentsAndTheRunIsIncomplete) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.add("held", "2024-03-01");
  b.add("after", "2024-03-01", {"held@2024-03-01"});
  b.add("free", "2024-03-01");
  Harness h(b.build());
  h.store.states[h.plan.find("held@2024-03-01")].status = Status::Frozen;
  EXPECT_EQ(h.run().outcome, Outcome::Incomplete);
  EXPECT_THAT(h.runner.order(), ElementsAre("free@2024-03-01"));
  EXPECT_EQ(h.status("after@2024-03-01"), Status::Waiting);
}

TEST(Scheduler, RecordedSuccessIsNeverRunAgain) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.add("done", "2024-03-01");
  b.add("after", "2024-03-01", {"done@2024-03-01"});
  Harness h(b.build());
  h.store.states[0].status = Status::Succeeded;
  h.run();
  EXPECT_THAT(h.runner.order(), ElementsAre("after@2024-03-01"));
}

// Attempts are recorded right after their processes start, before the scheduler waits for
// anything; until then recovery finds their processes by the run id in BF_ATTEMPT_ID.
TEST(Scheduler, AttemptIsCommittedBeforeTheSchedulerWaits) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.add("a", "2024-03-01");
  b.add("b", "2024-03-01", {"a@2024-03-01"});
  b.add("c", "2024-03-01");
  Harness h(b.build());
  h.options.run_id = "run-7";
  int waits = 0;
  h.runner.on_wait = [&] {
    ++waits;
    for (const auto& s : h.runner.starts) {
      int i = h.plan.find(s.instance);
      bool recorded = false;
      for (const auto& a : h.store.committed_started)
        recorded |= a.instance == i && a.attempt == s.attempt;
      EXPECT_TRUE(recorded) << s.instance;
      EXPECT_NE(h.store.committed[i].status, Status::Waiting) << s.instance;
    }
  };
  h.run();
  EXPECT_GT(waits, 1);
  ASSERT_EQ(h.runner.starts.size(), 3u);
  for (const auto& s : h.runner.starts)
    EXPECT_EQ(FakeLauncher::env_value(s.env, "BF_ATTEMPT_ID").rfind("run-7/", 0), 0u);
  EXPECT_EQ(h.store.committed[1].status, Status::Succeeded);
}

// With a commit interval, a busy run commits once per interval rather than once per attempt,
// and nothing stays uncommitted longer than the interval, even while the scheduler waits.
TEST(Scheduler, CommitsInBatchesWithinTheInterval) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  std::string prev;
  for (int k = 0; k < 40; ++k) {
    std::string name = fmt::format("t{:02}", k);
    if (prev.empty())
      b.add(name, "2024-03-01");
    else
      b.add(name, "2024-03-01", {prev + "@2024-03-01"});
    prev = name;
  }
  b.add("slow", "2024-03-01", {prev + "@2024-03-01"});
  Harness h(b.build());
  h.options.max_running = 1;
  h.options.commit_interval_s = 1.0;
  for (int k = 0; k < 40; ++k) h.runner.script[fmt::format("t{:02}@2024-03-01", k)] = {{0.1}};
  h.runner.script["slow@2024-03-01"] = {{60}};
  h.runner.on_wait = [&] {
    // Everything launched more than the interval ago is committed.
    for (const auto& s : h.runner.starts) {
      if (s.at > h.clock.t - 1.0 - 1e-9) continue;
      bool recorded = false;
      for (const auto& a : h.store.committed_started)
        recorded |= h.plan.instances[a.instance].id == s.instance;
      EXPECT_TRUE(recorded) << s.instance << " launched at " << s.at << ", now " << h.clock.t;
    }
  };
  h.run();
  EXPECT_EQ(h.status("slow@2024-03-01"), Status::Succeeded);
  EXPECT_EQ(h.store.committed[40].status, Status::Succeeded);
  EXPECT_LE(h.store.commits, 10);  // 41 attempts over ~64 s: a few per second of the busy part
  EXPECT_GE(h.store.commits, 4);
}

TEST(Scheduler, PassesInstanceValuesAsEnvironment) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.add("a", "2024-03-01", {}, 7)["workspace"] = "etl";
  Harness h(b.build());
  h.run();
  const auto& env = h.runner.starts.at(0).env;
  EXPECT_EQ(FakeLauncher::env_value(env, "BF_TASK"), "a");
  EXPECT_EQ(FakeLauncher::env_value(env, "BF_INSTANCE"), "a@2024-03-01");
  EXPECT_EQ(FakeLauncher::env_value(env, "BF_BIZDATE"), "2024-03-01");
  EXPECT_EQ(FakeLauncher::env_value(env, "BF_INTERVAL_START"), "2024-03-01T00:00");
  EXPECT_EQ(FakeLauncher::env_value(env, "BF_INTERVAL_END"), "2024-03-01T23:59");
  EXPECT_EQ(FakeLauncher::env_value(env, "BF_CYCTIME"), "2024-03-01T23:59");
  EXPECT_EQ(FakeLauncher::env_value(env, "BF_ATTEMPT"), "1");
  EXPECT_EQ(FakeLauncher::env_value(env, "BF_BACKFILL"), "test");
  EXPECT_EQ(FakeLauncher::env_value(env, "BF_WORKSPACE"), "etl");
  EXPECT_EQ(FakeLauncher::env_value(env, "BF_PRIORITY"), "7");
  EXPECT_FALSE(FakeLauncher::env_value(env, "BF_ATTEMPT_ID").empty());
}

TEST(Scheduler, SpawnErrorIsAFailedAttempt) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.add("missing", "2024-03-01");
  Harness h(b.build());
  h.runner.fail_launch = {"missing@2024-03-01"};
  EXPECT_EQ(h.run().outcome, Outcome::Failed);
  EXPECT_EQ(h.state("missing@2024-03-01").reason, "could not start: no such file");
  EXPECT_THAT(h.store.outcomes(0), ElementsAre("spawn_error"));
}

TEST(Scheduler, StopSignalKillsChildrenAndMarksThemFailed) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.add("long", "2024-03-01");
  b.add("after", "2024-03-01", {"long@2024-03-01"});
  Harness h(b.build());
  h.runner.script["long@2024-03-01"] = {{100}};
  h.runner.stop_at = 2;
  auto summary = h.run();
  EXPECT_EQ(summary.outcome, Outcome::Stopped);
  EXPECT_EQ(summary.stop_signal, SIGINT);
  EXPECT_EQ(h.status("long@2024-03-01"), Status::Failed);
  EXPECT_EQ(h.state("long@2024-03-01").kind, FailKind::Interrupted);
  EXPECT_THAT(h.store.outcomes(0), ElementsAre("interrupted"));
  EXPECT_EQ(h.status("after@2024-03-01"), Status::Waiting);
  EXPECT_EQ(h.store.committed[0].status, Status::Failed);  // committed before returning
  EXPECT_DOUBLE_EQ(h.clock.t, 2.0);
}

// The runner may report a start later (PosixLauncher spawns from helper threads); until
// then the attempt counts as running, and kills wait for its process.
TEST(Scheduler, StopWhileAnAttemptIsStillStartingKillsItOnceItRuns) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.add("slow", "2024-03-01");
  Harness h(b.build());
  h.runner.script["slow@2024-03-01"] = {{100}};
  h.runner.start_delay["slow@2024-03-01"] = 1;
  h.runner.stop_at = 0.5;
  auto summary = h.run();
  EXPECT_EQ(summary.outcome, Outcome::Stopped);
  EXPECT_EQ(h.status("slow@2024-03-01"), Status::Failed);
  EXPECT_EQ(h.state("slow@2024-03-01").kind, FailKind::Interrupted);
  EXPECT_EQ(h.state("slow@2024-03-01").reason, "stopped by SIGINT while attempt 1 ran");
  ASSERT_GE(h.runner.signals.size(), 1u);
  EXPECT_EQ(h.runner.signals[0].second, SIGTERM);
  EXPECT_THAT(h.store.outcomes(0), ElementsAre("interrupted"));
  EXPECT_DOUBLE_EQ(h.clock.t, 1.0);
}

TEST(Scheduler, DayFailureKillsAnAttemptThatIsStillStarting) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.add("bad", "2024-03-01");
  b.add("slow", "2024-03-01");
  Harness h(b.build());
  h.runner.script["bad@2024-03-01"] = {{1, 1}};
  h.runner.script["slow@2024-03-01"] = {{100}};
  h.runner.start_delay["slow@2024-03-01"] = 5;
  h.run();
  EXPECT_EQ(h.status("slow@2024-03-01"), Status::Failed);
  EXPECT_EQ(h.state("slow@2024-03-01").kind, FailKind::Propagated);
  EXPECT_THAT(h.store.outcomes(h.plan.find("slow@2024-03-01")), ElementsAre("killed"));
  EXPECT_DOUBLE_EQ(h.clock.t, 5.0);
}

TEST(Scheduler, NeverMoreThanMaxRunningCountingAttemptsStillStarting) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  for (int i = 0; i < 4; ++i) b.add("t" + std::to_string(i), "2024-03-01");
  Harness h(b.build());
  h.options.max_running = 2;
  for (int i = 0; i < 4; ++i) h.runner.start_delay["t" + std::to_string(i) + "@2024-03-01"] = 1;
  EXPECT_EQ(h.run().outcome, Outcome::Succeeded);
  EXPECT_THAT(h.runner.start_times("t2@2024-03-01"),
              ElementsAre(3.0));  // after t0: start 1 + run 1 + start 1
  EXPECT_EQ(h.runner.max_concurrent, 2);
  EXPECT_DOUBLE_EQ(h.clock.t, 4.0);
}

TEST(Scheduler, TimeoutOfAHundredYearsDoesNotFire) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.add("slow", "2024-03-01")["timeout_s"] = kMaxSeconds;  // more seconds than an int holds
  Harness h(b.build());
  h.runner.script["slow@2024-03-01"] = {Behaviour{3600}};
  EXPECT_EQ(h.run().outcome, Outcome::Succeeded);
  EXPECT_EQ(h.state("slow@2024-03-01").attempts, 1);
  for (const auto& [pgid, sig] : h.runner.signals) EXPECT_NE(sig, SIGTERM) << "a timeout fired";
}

TEST(Scheduler, TimeoutCountsFromTheStartRequest) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.add("hang", "2024-03-01")["timeout_s"] = 5;
  Harness h(b.build());
  h.options.kill_grace_s = 3;
  h.runner.script["hang@2024-03-01"] = {{1000, 0, true}};
  h.runner.start_delay["hang@2024-03-01"] = 2;
  EXPECT_EQ(h.run().outcome, Outcome::Failed);
  ASSERT_GE(h.runner.signals.size(), 2u);
  EXPECT_EQ(h.runner.signals[0].second, SIGTERM);
  EXPECT_EQ(h.runner.signals[1].second, SIGKILL);
  EXPECT_DOUBLE_EQ(h.clock.t, 8.0);
  EXPECT_THAT(h.store.outcomes(0), ElementsAre("timeout"));
}

TEST(Scheduler, PicksUpOperatorChangesWhileRunning) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.add("long", "2024-03-01");
  b.add("held", "2024-03-01");
  Harness h(b.build());
  h.runner.script["long@2024-03-01"] = {{10}};
  h.store.states[1].status = Status::Frozen;
  h.store.operator_after = 3;
  h.store.operator_actions.push_back(
      [](std::vector<InstanceState>& s, const std::vector<int>& running) {
        EXPECT_EQ(running, std::vector<int>{0});
        s[1].status = Status::Waiting;  // unfreeze
        return true;
      });
  EXPECT_EQ(h.run().outcome, Outcome::Succeeded);
  double at = h.runner.start_times("held@2024-03-01").at(0);
  EXPECT_GE(at, 3.0);
  EXPECT_LE(at, 3.0 + h.options.poll_s);
}

TEST(Scheduler, OperatorRerunOfAFailedInstanceLiftsItsDay) {
  PlanBuilder b;
  b.group({"2024-03-01", "2024-03-02"});
  b.group({"2024-03-05"});
  b.add("bad", "2024-03-01");
  b.add("next", "2024-03-02");
  b.add("long", "2024-03-05");  // keeps the runner alive until the rerun arrives
  Harness h(b.build());
  h.runner.script["bad@2024-03-01"] = {{1, 1}, {1, 0}};
  h.runner.script["long@2024-03-05"] = {{10}};
  h.store.operator_after = 2;
  h.store.operator_actions.push_back([](std::vector<InstanceState>& s, const std::vector<int>&) {
    EXPECT_EQ(s[0].status, Status::Failed);
    s[0].status = Status::Waiting;
    s[0].failures = 0;
    s[0].kind = FailKind::None;
    return true;
  });
  EXPECT_EQ(h.run().outcome, Outcome::Succeeded);
  EXPECT_EQ(h.runner.start_times("bad@2024-03-01").size(), 2u);
  EXPECT_GT(h.runner.start_times("next@2024-03-02").at(0),
            h.runner.start_times("bad@2024-03-01").at(1));
}

}  // namespace
}  // namespace bfc::runtime::testing
