// The end-of-backfill alert: when it runs, what ${status} becomes, and running it for real.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime/exec/alert.h"
#include "runtime/exec/process_posix.h"

namespace bfc::runtime::testing {
namespace {

PlanAlert alert_on(PlanAlertOn on, std::string text) {
  PlanAlert a;
  a.on = on;
  a.command.text = std::move(text);
  return a;
}

TEST(PlanAlert, OnFailureCoversEveryOutcomeButSuccess) {
  PlanAlert a = alert_on(PlanAlertOn::Failure, "x");
  EXPECT_FALSE(alert_wanted(a, Outcome::Succeeded));
  EXPECT_TRUE(alert_wanted(a, Outcome::Failed));
  EXPECT_TRUE(alert_wanted(a, Outcome::Stopped));
  EXPECT_TRUE(alert_wanted(a, Outcome::Incomplete));
}

TEST(PlanAlert, OnSuccessOnlyForSuccessAlwaysForAll) {
  PlanAlert s = alert_on(PlanAlertOn::Success, "x");
  PlanAlert al = alert_on(PlanAlertOn::Always, "x");
  for (Outcome o : {Outcome::Succeeded, Outcome::Failed, Outcome::Stopped, Outcome::Incomplete}) {
    EXPECT_EQ(alert_wanted(s, o), o == Outcome::Succeeded) << outcome_name(o);
    EXPECT_TRUE(alert_wanted(al, o)) << outcome_name(o);
  }
}

TEST(PlanAlert, StatusWordForEachOutcome) {
  EXPECT_STREQ(alert_status(Outcome::Succeeded), "succeeded");
  EXPECT_STREQ(alert_status(Outcome::Failed), "failed");
  EXPECT_STREQ(alert_status(Outcome::Stopped), "stopped");
  EXPECT_STREQ(alert_status(Outcome::Incomplete), "stopped");
}

TEST(PlanAlert, StatusIsSubstitutedInTheTextAndInEveryListElement) {
  Command c = alert_command(
      alert_on(PlanAlertOn::Always, "notify '${status}' ${status}x $${status}"), "failed");
  EXPECT_EQ(c.text, "notify 'failed' failedx $failed");
  PlanAlert list;
  list.command.is_list = true;
  list.command.argv = {"notify", "--status=${status}", "${status}${status}", "plain"};
  Command l = alert_command(list, "stopped");
  EXPECT_TRUE(l.is_list);
  EXPECT_EQ(l.argv,
            (std::vector<std::string>{"notify", "--status=stopped", "stoppedstopped", "plain"}));
}

class AlertRun : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/bfc_alert_XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::string dir_;
  PosixLauncher runner_;
};

TEST_F(AlertRun, RunsWithStatusAndBackfillInItsEnvironment) {
  PlanAlert a = alert_on(PlanAlertOn::Always, "echo \"${status} $BF_STATUS $BF_BACKFILL\"");
  std::string log = dir_ + "/alert.log";
  std::string said = run_alert(runner_, a, Outcome::Failed, "fix_march", log);
  EXPECT_EQ(said, "alert sent (failed); output in " + log);
  EXPECT_EQ(read(log), "failed failed fix_march\n");
}

TEST_F(AlertRun, FailingAlertSaysSo) {
  std::string log = dir_ + "/alert.log";
  EXPECT_EQ(
      run_alert(runner_, alert_on(PlanAlertOn::Always, "exit 3"), Outcome::Succeeded, "b", log),
      "alert failed with exit code 3; output in " + log);
}

TEST_F(AlertRun, AlertThatHangsIsKilledAfterItsTimeout) {
  std::string log = dir_ + "/alert.log";
  auto t0 = std::chrono::steady_clock::now();
  std::string said =
      run_alert(runner_, alert_on(PlanAlertOn::Always, "sleep 30"), Outcome::Failed, "b", log, 0.3);
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(said, "alert timed out after 0.3s and was killed; output in " + log);
  EXPECT_LT(took, 5);
}

TEST_F(AlertRun, AlertThatCannotStartSaysWhy) {
  std::string said = run_alert(runner_, alert_on(PlanAlertOn::Always, "true"), Outcome::Failed, "b",
                               dir_ + "/no/such/dir/alert.log");
  EXPECT_EQ(said.rfind("alert could not start: ", 0), 0u) << said;
}

}  // namespace
}  // namespace bfc::runtime::testing
