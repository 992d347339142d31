// The real process runner: shell and list commands, environment, logs, process groups.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "runtime/exec/process_posix.h"
#include "runtime/sys/proc_util.h"

namespace bfc::runtime::testing {
namespace {

namespace fs = std::filesystem;

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class ProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("bfc_process_test_" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Launches and waits for the exit (at most 10 s).
  ProcessExit run(const Command& c, std::vector<std::string> env = {}, int* pgid = nullptr) {
    LaunchSpec spec{c, std::move(env), log()};
    Launched l = runner_.launch(spec);
    EXPECT_TRUE(l.ok) << l.error;
    if (pgid) *pgid = l.pgid;
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < until)
      for (const auto& e : runner_.wait(0.5).exits)
        if (e.pid == l.pid) return e;
    ADD_FAILURE() << "timed out";
    return {};
  }
  std::string log() const { return (dir_ / "out.log").string(); }

  fs::path dir_;
  PosixLauncher runner_;
};

Command shell(const std::string& text) {
  Command c;
  c.text = text;
  return c;
}

// se.slice from a /proc/.../sched file (needs CONFIG_SCHED_DEBUG), "" if not there.
std::string slice_of(const std::string& sched_text) {
  std::istringstream in(sched_text);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("se.slice", 0) == 0) return line.substr(line.rfind(' ') + 1);
  return "";
}

// The runner's thread asks for a short slice; its children get the previous one back.
TEST_F(ProcessTest, ShortSliceForTheRunnerNotForItsChildren) {
  if (!runner_.spawn_stats().short_slice) GTEST_SKIP() << "the kernel has no custom slices";
  std::string mine = slice_of(slurp("/proc/thread-self/sched"));
  if (mine.empty()) GTEST_SKIP() << "no /proc/thread-self/sched";
  EXPECT_EQ(mine, "100000");
  auto e = run(shell("cat /proc/self/sched"));
  EXPECT_EQ(e.exit_code, 0);
  std::string child = slice_of(slurp(log()));
  EXPECT_FALSE(child.empty());
  EXPECT_NE(child, "100000");
  {
    ShortSlice other(200'000);  // nested: restores what it found
    EXPECT_EQ(slice_of(slurp("/proc/thread-self/sched")), "200000");
  }
  EXPECT_EQ(slice_of(slurp("/proc/thread-self/sched")), "100000");
}

TEST_F(ProcessTest, ShellCommandGetsEnvironmentAndOneLogForBothStreams) {
  auto e = run(shell("echo out $BF_TASK; echo err >&2; exit 3"), {"BF_TASK=events"});
  EXPECT_EQ(e.exit_code, 3);
  EXPECT_EQ(slurp(log()), "out events\nerr\n");
}

TEST_F(ProcessTest, ListCommandIsNeverParsedByAShell) {
  Command c;
  c.is_list = true;
  c.argv = {"echo", "$HOME; echo injected"};
  EXPECT_EQ(run(c).exit_code, 0);
  EXPECT_EQ(slurp(log()), "$HOME; echo injected\n");
}

TEST_F(ProcessTest, MissingProgramExits127WithAMessage) {
  Command c;
  c.is_list = true;
  c.argv = {"no-such-program-bfc", "--flag"};
  auto e = run(c);
  EXPECT_EQ(e.exit_code, 127);
  EXPECT_EQ(slurp(log()), "bfc: cannot execute no-such-program-bfc: No such file or directory\n");
}

// A string command without shell syntax is executed directly, but must behave exactly as
// under /bin/sh -c: when its program cannot run, the shell reports it.
TEST_F(ProcessTest, DirectStringCommandFailsLikeTheShell) {
  auto direct = run(shell("no-such-program-bfc --flag"));
  std::string direct_log = slurp(log());
  auto via_shell = run(shell("no-such-program-bfc --flag;"));
  EXPECT_EQ(direct.exit_code, 127);
  EXPECT_EQ(direct.exit_code, via_shell.exit_code);
  EXPECT_EQ(direct_log, slurp(log()));

  // Found but not executable: 126 and the shell's message.
  auto noexec = dir_ / "noexec";
  std::ofstream(noexec) << "echo hi\n";
  fs::permissions(noexec, fs::perms::owner_read | fs::perms::owner_write);
  direct = run(shell(noexec.string()));
  direct_log = slurp(log());
  via_shell = run(shell(noexec.string() + ";"));
  EXPECT_EQ(direct.exit_code, 126);
  EXPECT_EQ(direct_log, slurp(log()));
}

// An executable without #! fails execve with ENOEXEC; the shell runs it as a script.
TEST_F(ProcessTest, DirectStringCommandRunsAScriptWithoutInterpreterLine) {
  auto script = dir_ / "script";
  std::ofstream(script) << "echo script ran with $1\nexit 4\n";
  fs::permissions(script, fs::perms::owner_all);
  auto e = run(shell(script.string() + " arg"));
  EXPECT_EQ(e.exit_code, 4);
  EXPECT_EQ(slurp(log()), "script ran with arg\n");
}

// /bin/sh exports PWD (the inherited one if it names the working directory, else the real
// path); a directly executed command sees the same.
TEST_F(ProcessTest, DirectStringCommandSeesPwdAsUnderTheShell) {
  run(shell("printenv PWD"));
  std::string direct = slurp(log());
  run(shell("printenv PWD;"));
  EXPECT_EQ(direct, slurp(log()));
  EXPECT_NE(direct, "");
}

TEST_F(ProcessTest, ChildLeadsItsOwnProcessGroupAndGroupKillReachesGrandchildren) {
  LaunchSpec spec{shell("sleep 30 & sleep 30"), {}, log()};
  Launched l = runner_.launch(spec);
  ASSERT_TRUE(l.ok);
  EXPECT_EQ(l.pgid, l.pid);
  EXPECT_NE(l.pgid, getpgrp());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  runner_.signal_group(l.pgid, SIGKILL);
  ProcessExit got;
  for (int i = 0; i < 20 && got.pid == 0; ++i)
    for (const auto& e : runner_.wait(0.5).exits)
      if (e.pid == l.pid) got = e;
  EXPECT_EQ(got.signal, SIGKILL);
  for (int i = 0; i < 100 && process_group_alive(l.pgid); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_FALSE(process_group_alive(l.pgid));
}

TEST_F(ProcessTest, StdinIsEmpty) {
  EXPECT_EQ(run(shell("cat; echo done")).exit_code, 0);
  EXPECT_EQ(slurp(log()), "done\n");
}

// start() spawns in place or from helper threads; either way wait() reports each child's
// Started before its exit, even when the child exits before its helper has reported it.
void start_many(PosixLauncher& runner, const fs::path& dir) {
  constexpr int kChildren = 40;
  for (int i = 0; i < kChildren; ++i) {
    LaunchSpec spec{shell(i % 2 ? "true" : "exit 3"),
                    {"BF_N=" + std::to_string(i)},
                    (dir / ("s" + std::to_string(i) + ".log")).string()};
    runner.start(spec, std::uint64_t(100 + i));
  }
  std::map<int, std::uint64_t> tag_of;  // pid -> tag
  std::set<std::uint64_t> exited;
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (exited.size() < std::size_t(kChildren) && std::chrono::steady_clock::now() < until) {
    WaitResult w = runner.wait(0.5);
    for (const auto& s : w.started) {
      ASSERT_TRUE(s.launched.ok) << s.launched.error;
      EXPECT_EQ(s.launched.pgid, s.launched.pid);
      tag_of[s.launched.pid] = s.tag;
    }
    for (const auto& e : w.exits) {
      auto it = tag_of.find(e.pid);
      ASSERT_NE(it, tag_of.end()) << "exit of pid " << e.pid << " before its start";
      int i = int(it->second - 100);
      EXPECT_EQ(e.exit_code, i % 2 ? 0 : 3);
      exited.insert(it->second);
    }
  }
  EXPECT_EQ(exited.size(), std::size_t(kChildren));
  EXPECT_EQ(tag_of.size(), std::size_t(kChildren));
}

TEST_F(ProcessTest, StartReportsEveryChildBeforeItsExitFromHelpers) {
  runner_.set_spawn_mode(PosixLauncher::SpawnMode::Helpers);
  start_many(runner_, dir_);
}

TEST_F(ProcessTest, StartReportsEveryChildBeforeItsExitInPlace) {
  runner_.set_spawn_mode(PosixLauncher::SpawnMode::Here);
  start_many(runner_, dir_);
}

TEST_F(ProcessTest, StartReportsEveryChildBeforeItsExitAdaptive) {
  start_many(runner_, dir_);
}

TEST_F(ProcessTest, StartThatCannotOpenItsLogReportsWhy) {
  for (auto mode : {PosixLauncher::SpawnMode::Here, PosixLauncher::SpawnMode::Helpers}) {
    runner_.set_spawn_mode(mode);
    LaunchSpec spec{shell("true"), {}, (dir_ / "missing" / "x.log").string()};
    runner_.start(spec, 7);
    std::vector<Started> got;
    for (int i = 0; i < 40 && got.empty(); ++i) got = runner_.wait(0.5).started;
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].tag, 7u);
    EXPECT_FALSE(got[0].launched.ok);
    EXPECT_EQ(got[0].launched.error,
              "cannot open log " + spec.log_path + ": No such file or directory");
  }
}

TEST_F(ProcessTest, StopSignalsArriveThroughWait) {
  ::kill(getpid(), SIGTERM);  // blocked while the runner exists, delivered through wait()
  EXPECT_EQ(runner_.wait(1).stop_signal, SIGTERM);
}

}  // namespace
}  // namespace bfc::runtime::testing
