// Operator-command selectors (runtime/commands/selector.h): globs, --task, --dates,
// --status, their intersection, and the errors that name the argument at fault.
#include "runtime/commands/selector.h"

#include <gtest/gtest.h>

#include "plan_builder.h"

namespace bfc::runtime {
namespace {

class SelectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::PlanBuilder b;
    b.group({"2024-03-01", "2024-03-02", "2024-03-03", "2024-04-01"});
    for (const char* d : {"2024-03-01", "2024-03-02", "2024-03-03", "2024-04-01"}) {
      b.add("events_daily", d);
      b.add("events_hourly", d);
      b.add("report", d);
    }
    plan_ = b.build();
    states_.assign(plan_.instances.size(), InstanceState{});
  }

  // The ids `s` selects, or "error: ..." when it selects none.
  std::vector<std::string> ids(const Selector& s) {
    auto sel = select_instances(plan_, states_, s);
    if (!sel.error.empty()) return {"error: " + sel.error};
    std::vector<std::string> out;
    for (int i : sel.instances) out.push_back(plan_.instances[i].id);
    return out;
  }

  Plan plan_;
  std::vector<InstanceState> states_;
};

using Ids = std::vector<std::string>;

TEST_F(SelectorTest, PlainIdsAndGlobsAreAUnion) {
  Selector s;
  s.patterns = {"report@2024-03-02", "events_*@2024-03-0[13]"};
  EXPECT_EQ(ids(s), (Ids{"events_daily@2024-03-01", "events_hourly@2024-03-01", "report@2024-03-02",
                         "events_daily@2024-03-03", "events_hourly@2024-03-03"}));
  s.patterns = {"events_?ourly@*-04-*"};
  EXPECT_EQ(ids(s), (Ids{"events_hourly@2024-04-01"}));
}

TEST_F(SelectorTest, UnknownIdOrEmptyGlobIsAnError) {
  Selector s;
  s.patterns = {"ghost@2024-03-01", "report@*"};
  EXPECT_EQ(ids(s), (Ids{"error: no instance `ghost@2024-03-01` in the plan"}));
  s.patterns = {"nope_*"};
  EXPECT_EQ(ids(s), (Ids{"error: 'nope_*' matches no instance id of the plan"}));
}

TEST_F(SelectorTest, TaskDatesAndStatusIntersect) {
  Selector s;
  s.tasks = {"report", "events_daily"};
  add_dates(s, "2024-03-02..2024-03-03,2024-04-01");
  EXPECT_EQ(ids(s).size(), 6u);
  states_[plan_.find("report@2024-03-03")].status = Status::Failed;
  states_[plan_.find("events_hourly@2024-03-03")].status = Status::Failed;
  states_[plan_.find("report@2024-04-01")].status = Status::Frozen;
  add_statuses(s, "failed,frozen");
  EXPECT_EQ(ids(s), (Ids{"report@2024-03-03", "report@2024-04-01"}));
  s.patterns = {"*@2024-04-*"};
  EXPECT_EQ(ids(s), (Ids{"report@2024-04-01"}));
}

TEST_F(SelectorTest, EmptyIntersectionSaysWhatEachSelectorMatched) {
  Selector s;
  s.tasks = {"report"};
  add_statuses(s, "failed");
  states_[plan_.find("events_daily@2024-03-01")].status = Status::Failed;
  EXPECT_EQ(ids(s), (Ids{"error: no instance matches all the selectors (--task report matches 4 "
                         "instances; --status failed matches 1 instance)"}));
}

TEST_F(SelectorTest, UnknownTaskIsAnError) {
  Selector s;
  s.tasks = {"report", "reprot"};
  EXPECT_EQ(ids(s), (Ids{"error: --task reprot matches no task of the plan"}));
}

TEST_F(SelectorTest, DatesMatchingNothingIsAnError) {
  Selector s;
  add_dates(s, "2023-01-01..2023-12-31");
  EXPECT_EQ(ids(s), (Ids{"error: --dates 2023-01-01..2023-12-31 matches no bizdate of the plan"}));
}

TEST_F(SelectorTest, MalformedArgumentsAreNamed) {
  Selector s;
  for (const char* bad : {"2024-3-01", "2024-02-30", "2024-03-01..", "2024-03-01...2024-03-02",
                          "2024-03-05..2024-03-01", "", "2024-03-01,,2024-03-02"})
    EXPECT_THROW(add_dates(s, bad), SelectorError) << bad;
  try {
    add_dates(s, "2024-03-05..2024-03-01");
  } catch (const SelectorError& e) {
    EXPECT_STREQ(e.what(),
                 "--dates 2024-03-05..2024-03-01: the range `2024-03-05..2024-03-01` ends "
                 "before it starts");
  }
  EXPECT_THROW(add_statuses(s, "failed,done"), SelectorError);
  add_dates(s, "2024-02-29");  // a leap day
  EXPECT_TRUE(s.statuses.empty());
  EXPECT_EQ(s.dates.size(), 1u);
}

TEST_F(SelectorTest, TextQuotesGlobs) {
  Selector s;
  s.patterns = {"events_*@2024-03-*", "report@2024-03-01"};
  s.tasks = {"report"};
  add_dates(s, "2024-03-01..2024-03-02");
  add_statuses(s, "failed,waiting");
  EXPECT_EQ(s.text(),
            "'events_*@2024-03-*' report@2024-03-01 --task report --dates 2024-03-01..2024-03-02 "
            "--status failed,waiting");
}

}  // namespace
}  // namespace bfc::runtime
