// The end-of-backfill alert: when it runs, what ${status} becomes, and running it for real.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "alert.h"
#include "process_posix.h"

namespace bfc::runtime::testing {
namespace {

Alert alert_on(AlertOn on, std::string text) {
  Alert a;
  a.on = on;
  a.command.text = std::move(text);
  return a;
}

TEST(Alert, OnFailureCoversEveryOutcomeButSuccess) {
  Alert a = alert_on(AlertOn::failure, "x");
  EXPECT_FALSE(alert_wanted(a, Outcome::succeeded));
  EXPECT_TRUE(alert_wanted(a, Outcome::failed));
  EXPECT_TRUE(alert_wanted(a, Outcome::stopped));
  EXPECT_TRUE(alert_wanted(a, Outcome::incomplete));
}

TEST(Alert, OnSuccessOnlyForSuccessAlwaysForAll) {
  Alert s = alert_on(AlertOn::success, "x");
  Alert al = alert_on(AlertOn::always, "x");
  for (Outcome o : {Outcome::succeeded, Outcome::failed, Outcome::stopped, Outcome::incomplete}) {
    EXPECT_EQ(alert_wanted(s, o), o == Outcome::succeeded) << outcome_name(o);
    EXPECT_TRUE(alert_wanted(al, o)) << outcome_name(o);
  }
}

TEST(Alert, StatusWordForEachOutcome) {
  EXPECT_STREQ(alert_status(Outcome::succeeded), "succeeded");
  EXPECT_STREQ(alert_status(Outcome::failed), "failed");
  EXPECT_STREQ(alert_status(Outcome::stopped), "stopped");
  EXPECT_STREQ(alert_status(Outcome::incomplete), "stopped");
}

TEST(Alert, StatusIsSubstitutedInTheTextAndInEveryListElement) {
  Command c = alert_command(alert_on(AlertOn::always, "notify '${status}' ${status}x $${status}"), "failed");
  EXPECT_EQ(c.text, "notify 'failed' failedx $failed");
  Alert list;
  list.command.is_list = true;
  list.command.argv = {"notify", "--status=${status}", "${status}${status}", "plain"};
  Command l = alert_command(list, "stopped");
  EXPECT_TRUE(l.is_list);
  EXPECT_EQ(l.argv, (std::vector<std::string>{"notify", "--status=stopped", "stoppedstopped", "plain"}));
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
  PosixProcessRunner runner_;
};

TEST_F(AlertRun, RunsWithStatusAndBackfillInItsEnvironment) {
  Alert a = alert_on(AlertOn::always, "echo \"${status} $BF_STATUS $BF_BACKFILL\"");
  std::string log = dir_ + "/alert.log";
  std::string said = run_alert(runner_, a, Outcome::failed, "fix_march", log);
  EXPECT_EQ(said, "alert sent (failed); output in " + log);
  EXPECT_EQ(read(log), "failed failed fix_march\n");
}

TEST_F(AlertRun, FailingAlertSaysSo) {
  std::string log = dir_ + "/alert.log";
  EXPECT_EQ(run_alert(runner_, alert_on(AlertOn::always, "exit 3"), Outcome::succeeded, "b", log),
            "alert failed with exit code 3; output in " + log);
}

TEST_F(AlertRun, AlertThatHangsIsKilledAfterItsTimeout) {
  std::string log = dir_ + "/alert.log";
  auto t0 = std::chrono::steady_clock::now();
  std::string said = run_alert(runner_, alert_on(AlertOn::always, "sleep 30"), Outcome::failed, "b", log, 0.3);
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(said, "alert timed out after 0.3s and was killed; output in " + log);
  EXPECT_LT(took, 5);
}

TEST_F(AlertRun, AlertThatCannotStartSaysWhy) {
  std::string said = run_alert(runner_, alert_on(AlertOn::always, "true"), Outcome::failed, "b",
                               dir_ + "/no/such/dir/alert.log");
  EXPECT_EQ(said.rfind("alert could not start: ", 0), 0u) << said;
}

}  // namespace
}  // namespace bfc::runtime::testing
