// The SQLite state, operator requests, the runner lock and crash recovery, on real files
// and real processes.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "plan_builder.h"
#include "runtime/commands/logs.h"
#include "runtime/commands/operator.h"
#include "runtime/exec/process_posix.h"
#include "runtime/state/recovery.h"
#include "runtime/state/request_queue.h"
#include "runtime/state/runner_lock.h"
#include "runtime/state/state_db.h"
#include "runtime/sys/proc_util.h"

namespace bfc::runtime::testing {
namespace {

namespace fs = std::filesystem;

class StateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("bfc_state_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    PlanBuilder b;
    b.group({"2024-03-01", "2024-03-02"});
    b.add("a", "2024-03-01");
    b.add("b", "2024-03-01", {"a@2024-03-01"});
    b.add("c", "2024-03-02", {"b@2024-03-01"});
    plan_ = b.build();
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name = "state.db") const { return (dir_ / name).string(); }

  Request request(const std::string& action, std::vector<std::string> ids,
                  bool downstream = false) {
    Request r;
    r.action = action;
    r.instances = std::move(ids);
    r.downstream = downstream;
    return r;
  }

  fs::path dir_;
  Plan plan_;
};

TEST_F(StateTest, RefusesAnotherPlanUnlessFresh) {
  {
    StateDb db(path(), true);
    db.attach_plan(plan_, false);
    InstanceState s;
    s.status = Status::Succeeded;
    db.set_instance(0, s);
    db.commit();
  }
  PlanBuilder other;
  other.group({"2024-03-01"});
  other.add("x", "2024-03-01");
  Plan p2 = other.build();
  StateDb db(path(), true);
  try {
    db.attach_plan(p2, false);
    FAIL() << "expected StateError";
  } catch (const StateError& e) {
    EXPECT_NE(std::string(e.what()).find("belongs to a different plan"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("--fresh"), std::string::npos) << e.what();
  }
  db.attach_plan(p2, true);
  EXPECT_EQ(db.load().size(), 1u);
  EXPECT_EQ(db.load()[0].status, Status::Waiting);
  auto audit = db.audit_rows();
  ASSERT_GE(audit.size(), 3u);  // init, fresh, init: the old history is kept
  EXPECT_EQ(audit[0].action, "init");
  EXPECT_EQ(audit[1].action, "fresh");
}

TEST_F(StateTest, AStateOfSchema2KeepsItsAttemptsLogFiles) {
  // What a bfc before the log store wrote: state schema 2, a log file per attempt.
  const std::string log = (dir_ / "a.1.log").string();
  {
    std::FILE* f = std::fopen(log.c_str(), "w");
    std::fputs("one\ntwo\nthree", f);
    std::fclose(f);
    StateDb db(path(), true);
    db.attach_plan(plan_, false);
    db.begin();
    db.attempt_started(AttemptStart{0, 1, "run/0/1", 1000, log, 0});
    db.attempt_finished(AttemptEnd{0, 1, 2000, 1, 0, "failed", 13});
    db.commit();
    db.db().exec(
        "UPDATE attempts SET log_offset=NULL, log_length=NULL; ALTER TABLE attempts DROP COLUMN "
        "log_offset; ALTER TABLE attempts DROP COLUMN log_length; PRAGMA user_version=2;");
  }
  StateDb db(path(), true);  // upgraded to schema 3 when opened
  EXPECT_EQ(db.db().query_text("PRAGMA user_version").value_or(""), "3");
  auto attempts = db.attempts_of("a@2024-03-01");
  ASSERT_EQ(attempts.size(), 1u);
  EXPECT_FALSE(attempts[0].log_offset.has_value());  // a file of its own
  EXPECT_EQ(attempts[0].log_path, log);
  EXPECT_EQ(attempt_log_tail(attempts[0], 2), "two\nthree\n");
}

TEST_F(StateTest, AuditLogIsAppendOnly) {
  StateDb db(path(), true);
  db.attach_plan(plan_, false);
  EXPECT_THROW(db.db().exec("UPDATE audit SET who='mallory'"), DbError);
  EXPECT_THROW(db.db().exec("DELETE FROM audit"), DbError);
  EXPECT_EQ(db.integrity_check(), "ok");
}

TEST_F(StateTest, RerunDownstreamResetsAndIsAudited) {
  StateDb db(path(), true);
  db.attach_plan(plan_, false);
  InstanceState done;
  done.status = Status::Succeeded;
  done.attempts = 1;
  for (int i = 0; i < 3; ++i) db.set_instance(i, done);
  db.commit();
  db.enqueue_request(request("rerun", {"b@2024-03-01"}, true));
  EXPECT_TRUE(apply_pending_requests(db, plan_, {}));
  auto s = db.load();
  EXPECT_EQ(s[0].status, Status::Succeeded);
  EXPECT_EQ(s[1].status, Status::Waiting);
  EXPECT_EQ(s[2].status, Status::Waiting);
  EXPECT_EQ(s[1].attempts, 1);  // numbering continues
  auto audit = db.audit_rows();
  EXPECT_EQ(audit.back().action, "rerun");
  EXPECT_NE(audit.back().detail.find("2 instances (b 1, c 1) set to waiting by " + user_name() +
                                     ": b@2024-03-01, c@2024-03-02"),
            std::string::npos)
      << audit.back().detail;
  EXPECT_TRUE(db.pending_requests().empty());
}

TEST_F(StateTest, RequestsOnRunningInstancesAreRejected) {
  StateDb db(path(), true);
  db.attach_plan(plan_, false);
  auto seq = db.enqueue_request(request("mark-success", {"a@2024-03-01"}));
  EXPECT_FALSE(apply_pending_requests(db, plan_, {0}));
  EXPECT_EQ(db.request(seq)->result,
            "rejected: a@2024-03-01 is running; wait for it to finish, or stop the runner first");
  seq = db.enqueue_request(request("freeze", {"nope@2024-03-01"}));
  apply_pending_requests(db, plan_, {});
  EXPECT_EQ(db.request(seq)->result, "rejected: no instance `nope@2024-03-01` in the plan");
}

TEST_F(StateTest, FreezeUnfreezeAndMarkSuccess) {
  StateDb db(path(), true);
  db.attach_plan(plan_, false);
  db.enqueue_request(request("freeze", {"a@2024-03-01", "b@2024-03-01"}));
  apply_pending_requests(db, plan_, {});
  EXPECT_EQ(db.load()[0].status, Status::Frozen);
  db.enqueue_request(request("unfreeze", {"a@2024-03-01"}));
  db.enqueue_request(request("mark-success", {"b@2024-03-01"}));
  apply_pending_requests(db, plan_, {});
  auto s = db.load();
  EXPECT_EQ(s[0].status, Status::Waiting);
  EXPECT_EQ(s[1].status, Status::Succeeded);
  EXPECT_EQ(s[1].reason, "marked succeeded by " + user_name());
}

TEST_F(StateTest, OperatorChangeResetsPropagatedFailures) {
  StateDb db(path(), true);
  db.attach_plan(plan_, false);
  InstanceState bad;
  bad.status = Status::Failed;
  bad.kind = FailKind::Attempt;
  InstanceState follower = bad;
  follower.kind = FailKind::Propagated;
  db.set_instance(0, bad);
  db.set_instance(1, follower);
  db.commit();
  db.enqueue_request(request("rerun", {"a@2024-03-01"}));
  apply_pending_requests(db, plan_, {});
  EXPECT_EQ(db.load()[0].status, Status::Waiting);
  EXPECT_EQ(db.load()[1].status, Status::Waiting);
}

TEST_F(StateTest, SubmitWithoutRunnerAppliesDirectly) {
  auto out = submit_request(plan_, path(), request("freeze", {"c@2024-03-02"}), 1);
  EXPECT_TRUE(out.ok);
  EXPECT_FALSE(out.by_runner);
  EXPECT_EQ(out.message, "1 instance of c frozen by " + user_name() + ": c@2024-03-02");
  StateDb db(path(), false, true);
  EXPECT_EQ(db.load()[2].status, Status::Frozen);
}

TEST_F(StateTest, SubmitWhileLockedWaitsForTheHolder) {
  LockHolder h;
  auto lock = RunnerLock::try_acquire(path() + ".lock", "runner", "bfc run test", &h);
  ASSERT_TRUE(lock);
  {
    StateDb db(path(), true);
    db.attach_plan(plan_, false);
  }
  // A stand-in runner applies requests after a moment, as the real one does when it polls.
  std::thread runner([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    StateDb db(path(), true);
    db.check_plan(plan_);
    apply_pending_requests(db, plan_, {});
  });
  auto out = submit_request(plan_, path(), request("freeze", {"c@2024-03-02"}), 10);
  runner.join();
  EXPECT_TRUE(out.ok) << out.message;
  EXPECT_TRUE(out.by_runner);
}

TEST_F(StateTest, LockNamesItsHolder) {
  LockHolder h;
  auto first = RunnerLock::try_acquire(path() + ".lock", "runner", "bfc run plan.json", &h);
  ASSERT_TRUE(first);
  auto second = RunnerLock::try_acquire(path() + ".lock", "runner", "bfc run plan.json", &h);
  EXPECT_FALSE(second);
  EXPECT_EQ(h.pid, getpid());
  EXPECT_EQ(h.command, "bfc run plan.json");
  EXPECT_EQ(h.host, host_name());
  auto probed = RunnerLock::probe(path() + ".lock");
  ASSERT_TRUE(probed);
  EXPECT_EQ(probed->pid, getpid());
  first.reset();
  EXPECT_FALSE(RunnerLock::probe(path() + ".lock"));
  EXPECT_TRUE(RunnerLock::try_acquire(path() + ".lock", "runner", "x", &h));
}

// Starts `sleep 60` (plus a grandchild) as if attempt 1 of a@2024-03-01 of a runner that
// then died; records the pid only if `record_pid`.
int start_orphan(StateDb& db, PosixLauncher& runner, const std::string& dir, bool record_pid) {
  LaunchSpec spec;
  spec.command.text = "sleep 60 & sleep 60";
  spec.env = {"BF_ATTEMPT_ID=test-token-" + std::to_string(record_pid)};
  spec.log_path = dir + "/orphan.log";
  db.attempt_started(
      AttemptStart{0, 1, "test-token-" + std::to_string(record_pid), 0, spec.log_path});
  Launched l = runner.launch(spec);
  EXPECT_TRUE(l.ok) << l.error;
  if (record_pid) db.attempt_spawned(AttemptSpawned{0, 1, l.pid, l.pgid, l.start_token});
  InstanceState s;
  s.status = Status::Running;
  s.attempts = 1;
  db.set_instance(0, s);
  db.commit();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let the grandchild start
  EXPECT_TRUE(process_group_alive(l.pgid));
  return l.pgid;
}

TEST_F(StateTest, RecoveryKillsTheProcessGroupOfADeadRunnersAttempt) {
  StateDb db(path(), true);
  db.attach_plan(plan_, false);
  PosixLauncher runner;
  int pgid = start_orphan(db, runner, dir_.string(), true);
  auto notes = recover_state(db);
  EXPECT_FALSE(process_group_alive(pgid));
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0], "a@2024-03-01 attempt 1: killed the processes left by a dead runner");
  EXPECT_EQ(db.load()[0].status, Status::Waiting);
  EXPECT_EQ(db.attempts_of("a@2024-03-01").at(0).outcome, "abandoned");
  EXPECT_TRUE(db.open_attempts().empty());
  runner.wait(0.1);
}

TEST_F(StateTest, RecoveryFindsAnAttemptWhosePidWasNeverRecorded) {
  StateDb db(path(), true);
  db.attach_plan(plan_, false);
  PosixLauncher runner;
  int pgid = start_orphan(db, runner, dir_.string(), false);
  recover_state(db);
  EXPECT_FALSE(process_group_alive(pgid));
  EXPECT_TRUE(processes_with_env("BF_ATTEMPT_ID=test-token-0").empty());
  runner.wait(0.1);
}

// The runner spawns a batch of attempts and records them right after; dying in between leaves
// processes no attempt row names. Recovery finds them by the recorded run id.
TEST_F(StateTest, RecoveryKillsProcessesOfTheLastRunThatNoAttemptRecords) {
  StateDb db(path(), true);
  db.attach_plan(plan_, false);
  db.record_run("1700000000000.4242");
  db.commit();
  PosixLauncher runner;
  LaunchSpec spec;
  spec.command.text = "sleep 60 & sleep 60";
  spec.env = {"BF_ATTEMPT_ID=1700000000000.4242/0/1"};
  spec.log_path = dir_.string() + "/unrecorded.log";
  Launched l = runner.launch(spec);
  ASSERT_TRUE(l.ok) << l.error;
  LaunchSpec other = spec;  // another run's process: not ours to kill
  other.env = {"BF_ATTEMPT_ID=1700000000000.42420/0/1"};
  other.log_path = dir_.string() + "/other.log";
  Launched o = runner.launch(other);
  ASSERT_TRUE(o.ok) << o.error;
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(process_group_alive(l.pgid));
  EXPECT_TRUE(db.open_attempts().empty());
  auto notes = recover_state(db);
  EXPECT_FALSE(process_group_alive(l.pgid));
  EXPECT_TRUE(processes_with_env("BF_ATTEMPT_ID=1700000000000.4242/", EnvMatch::Prefix).empty());
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0],
            "killed the processes of attempts the dead runner (run 1700000000000.4242) had not "
            "recorded yet");
  EXPECT_TRUE(process_group_alive(o.pgid));
  ::kill(-o.pgid, SIGKILL);
  runner.wait(0.1);
}

}  // namespace
}  // namespace bfc::runtime::testing
