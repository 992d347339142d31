// A plan's outline from its state: the same status report as from the parsed plan, only for
// the very file the state was made from, and operator requests that need no dependencies.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/file_io.h"
#include "common/sha256.h"
#include "runtime/commands/operator.h"
#include "runtime/commands/status.h"
#include "runtime/plan/cache.h"
#include "runtime/plan/load.h"
#include "runtime/state/outline.h"
#include "runtime/state/request_queue.h"
#include "runtime/state/state_db.h"
#include "runtime/sys/proc_util.h"

namespace bfc::runtime::testing {
namespace {

namespace fs = std::filesystem;

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
    ok.status = Status::Succeeded;
    ok.attempts = 1;
    db.set_instance(0, ok);
    InstanceState bad;
    bad.status = Status::Failed;
    bad.kind = FailKind::Attempt;
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
  EXPECT_NE(render_status_text(b, 10).find("| boom"), std::string::npos)
      << render_status_text(b, 10);
}

TEST_F(PlanFromState, NothingWithoutAStateOfThisVeryFile) {
  EXPECT_FALSE(plan_from_state(plan_path_, state_path_).has_value());  // no state yet
  make_state(full());
  EXPECT_TRUE(plan_from_state(plan_path_, state_path_).has_value());
  std::ofstream(plan_path_, std::ios::app) << "\n";  // same plan, other bytes: not this file
  EXPECT_FALSE(plan_from_state(plan_path_, state_path_).has_value());
  EXPECT_FALSE(plan_from_state(plan_path_ + ".missing", state_path_).has_value());
}

// The runner's plan cache vouches for the plan file's hash (no hashing of a large file), for
// the very file it was written from only; a damaged cache costs a hash, nothing else.
TEST_F(PlanFromState, ThePlanCacheVouchesOnlyForTheFileItWasWrittenFrom) {
  Plan plan = full();
  make_state(plan);
  const std::string cache = plan_cache_path(state_path_);
  ASSERT_TRUE(write_plan_cache(cache, plan, *file_stamp(plan_path_)));
  auto outline = plan_from_state(plan_path_, state_path_);
  ASSERT_TRUE(outline.has_value());
  EXPECT_EQ(outline->sha256, plan.sha256);
  // The cache's recorded hash, damaged: the file is hashed and still matches the state.
  std::string bytes;
  ASSERT_TRUE(read_file(cache, bytes));
  const std::size_t hash_at = bytes.find(plan.sha256);
  ASSERT_NE(hash_at, std::string::npos);
  bytes[hash_at] = bytes[hash_at] == '0' ? '1' : '0';
  std::string error;
  ASSERT_TRUE(write_atomically(cache, bytes, error)) << error;
  outline = plan_from_state(plan_path_, state_path_);
  ASSERT_TRUE(outline.has_value());
  EXPECT_EQ(outline->sha256, plan.sha256);
  // The plan file rewritten: the cache (written for the old file) is not believed.
  ASSERT_TRUE(write_plan_cache(cache, plan, *file_stamp(plan_path_)));
  std::ofstream(plan_path_, std::ios::app) << "\n";
  EXPECT_FALSE(plan_from_state(plan_path_, state_path_).has_value());
}

TEST(Sha256File, MatchesTheInMemoryDigest) {
  std::string path = (fs::temp_directory_path() / ("bfc_sha_" + std::to_string(getpid()))).string();
  std::string text;
  for (int i = 0; i < 300000; ++i) text += char('a' + i % 23);  // more than one read chunk
  std::ofstream(path, std::ios::binary) << text;
  EXPECT_EQ(sha256_file_hex(path), sha256_hex(text));
  std::ofstream(path, std::ios::binary | std::ios::trunc).flush();
  EXPECT_EQ(sha256_file_hex(path),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  fs::remove(path);
  EXPECT_FALSE(sha256_file_hex(path).has_value());
}

TEST_F(PlanFromState, OutlineAppliesPlainRequestsAndLeavesDownstreamOnesQueued) {
  Plan plan = full();
  make_state(plan);
  auto outline = plan_from_state(plan_path_, state_path_);
  ASSERT_TRUE(outline.has_value());
  EXPECT_TRUE(outline->outline_only);
  StateDb db(state_path_, false);
  db.attach_plan(*outline, false);
  Request down;
  down.action = "rerun";
  down.instances = {plan.instances[2].id};
  down.downstream = true;
  down.who = "op";
  Request plain = down;
  plain.action = "freeze";
  plain.instances = {plan.instances[3].id};
  plain.downstream = false;
  auto down_seq = db.enqueue_request(down);
  auto plain_seq = db.enqueue_request(plain);
  apply_pending_requests(db, *outline, {});
  EXPECT_TRUE(db.request(down_seq)->applied_at.empty()) << "needs the dependencies: still queued";
  EXPECT_EQ(db.request(plain_seq)->result, "1 instance of " + plan.instances[3].task +
                                               " frozen by " + user_name() + ": " +
                                               plan.instances[3].id);
  EXPECT_EQ(db.load()[3].status, Status::Frozen);
  EXPECT_EQ(db.load()[2].status, Status::Failed);
  // The full plan applies the queued request.
  apply_pending_requests(db, plan, {});
  EXPECT_FALSE(db.request(down_seq)->applied_at.empty());
  EXPECT_EQ(db.load()[2].status, Status::Waiting);
}

}  // namespace
}  // namespace bfc::runtime::testing
