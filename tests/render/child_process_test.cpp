// run_in_child: results come back over the pipe; a crash or a runaway in the child is a
// failure the parent can report, never a crash or hang of the parent.
#include "render/child_process.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <string>

namespace bfc::render {
namespace {

TEST(ChildProcess, BringsBackBytesMessagesAndResult) {
  ChildOutcome r = run_in_child(
      [](std::string& bytes, std::vector<std::string>& messages) {
        bytes = std::string(1 << 20, 'x') + std::string("\0end", 4);  // larger than a pipe buffer
        messages = {"first", "", "third"};
        return true;
      },
      10);
  ASSERT_TRUE(r.finished) << r.failure;
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.bytes.size(), (1u << 20) + 4);
  EXPECT_EQ(r.bytes.substr(r.bytes.size() - 4), std::string("\0end", 4));
  EXPECT_EQ(r.messages, (std::vector<std::string>{"first", "", "third"}));
}

TEST(ChildProcess, FalseResultIsKept) {
  ChildOutcome r = run_in_child(
      [](std::string&, std::vector<std::string>& m) {
        m.push_back("graphviz: no layout");
        return false;
      },
      10);
  ASSERT_TRUE(r.finished);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.messages.size(), 1u);
}

TEST(ChildProcess, CrashIsReportedNotInherited) {
  ChildOutcome r = run_in_child(
      [](std::string&, std::vector<std::string>&) {
        std::raise(SIGABRT);  // what a Graphviz assertion does
        return true;
      },
      10);
  EXPECT_FALSE(r.finished);
  EXPECT_NE(r.failure.find("crashed"), std::string::npos) << r.failure;
}

TEST(ChildProcess, RunawayIsStoppedAtTheTimeLimit) {
  ChildOutcome r = run_in_child(
      [](std::string&, std::vector<std::string>&) {
        for (;;) pause();
        return true;
      },
      1);
  EXPECT_FALSE(r.finished);
  EXPECT_NE(r.failure.find("longer than 1 s"), std::string::npos) << r.failure;
}

}  // namespace
}  // namespace bfc::render
