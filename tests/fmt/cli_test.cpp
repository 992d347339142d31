// `bfc fmt` end to end: the built binary's exit codes, in-place rewrites, stdin, --diff.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "fmt_test_util.h"

namespace bfc::fmttest {
namespace {

namespace fs = std::filesystem;

struct Result {
  int code = -1;
  std::string out;
};

// Runs `bfc <args>` in a shell; stdout captured, stderr to `err_file` when given.
Result bfc(const std::string& args, const std::string& stdin_file = "") {
  std::string cmd = std::string(BFC_BINARY) + " " + args;
  if (!stdin_file.empty()) cmd += " < " + stdin_file;
  cmd += " 2>/dev/null";
  Result r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = pclose(p);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

class FmtCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("bfc_fmt_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string put(const std::string& name, const std::string& text) {
    std::string p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  fs::path dir_;
};

const char* const kUgly = "task t{cycle=daily;}\n";
const char* const kPretty = "task t {\n  cycle = daily;\n}\n";

TEST_F(FmtCli, CheckExitCodes) {
  std::string ugly = put("ugly.bf", kUgly), pretty = put("pretty.bf", kPretty),
              bad = put("bad.bf", "task t {");
  EXPECT_EQ(bfc("fmt --check " + pretty).code, 0);
  Result r = bfc("fmt --check " + ugly + " " + pretty);
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.out, ugly + "\n");     // lists the files that need formatting
  EXPECT_EQ(read_all(ugly), kUgly);  // --check never writes
  EXPECT_EQ(bfc("fmt --check " + bad + " " + ugly).code, 2);
  EXPECT_EQ(bfc("fmt --check " + (dir_ / "missing.bf").string()).code, 2);
  EXPECT_EQ(bfc("fmt --no-such-flag").code, 2);
}

TEST_F(FmtCli, RewritesInPlaceKeepingModeAndOnlyWhenChanged) {
  std::string ugly = put("ugly.bf", kUgly), pretty = put("pretty.bf", kPretty);
  ::chmod(ugly.c_str(), 0640);
  struct stat before {};
  ::stat(pretty.c_str(), &before);
  Result r = bfc("fmt " + dir_.string());  // a directory: its .bf files
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, ugly + "\n");
  EXPECT_EQ(read_all(ugly), kPretty);
  struct stat st {};
  ::stat(ugly.c_str(), &st);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  struct stat after {};
  ::stat(pretty.c_str(), &after);
  EXPECT_EQ(before.st_ino, after.st_ino);             // untouched
  for (const auto& e : fs::directory_iterator(dir_))  // no temporary files left behind
    EXPECT_EQ(e.path().extension(), ".bf") << e.path();
  EXPECT_EQ(bfc("fmt --check " + ugly).code, 0);
}

TEST_F(FmtCli, NeverRewritesAFileThatDoesNotParse) {
  std::string bad = put("bad.bf", "task t{cycle=daily}\n");
  EXPECT_EQ(bfc("fmt " + bad).code, 2);
  EXPECT_EQ(read_all(bad), "task t{cycle=daily}\n");
}

TEST_F(FmtCli, StdinToStdout) {
  std::string ugly = put("ugly.bf", kUgly), pretty = put("pretty.bf", kPretty);
  Result r = bfc("fmt", ugly);
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, kPretty);
  r = bfc("fmt -", ugly);
  EXPECT_EQ(r.out, kPretty);
  EXPECT_EQ(bfc("fmt --check -", ugly).code, 3);
  EXPECT_EQ(bfc("fmt --check -", pretty).code, 0);
  EXPECT_EQ(bfc("fmt -", put("bad.bf", "task")).code, 2);
}

TEST_F(FmtCli, DiffShowsTheChange) {
  std::string ugly = put("ugly.bf", kUgly);
  Result r = bfc("fmt --check --diff " + ugly);
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.out,
            "--- a/" + ugly + "\n+++ b/" + ugly +
                "\n@@ -1 +1,3 @@\n-task t{cycle=daily;}\n+task t {\n+  cycle = daily;\n+}\n");
  EXPECT_EQ(read_all(ugly), kUgly);
  r = bfc("fmt --diff " + ugly);  // without --check: shows and writes
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(read_all(ugly), kPretty);
}

}  // namespace
}  // namespace bfc::fmttest
