// `bfc status` helpers: the last lines of an attempt's log.
#include <gtest/gtest.h>
#include <unistd.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "runtime/commands/status.h"

namespace bfc::runtime::testing {
namespace {

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

}  // namespace
}  // namespace bfc::runtime::testing
