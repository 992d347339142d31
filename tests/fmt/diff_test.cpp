// The unified diff behind `bfc fmt --diff`.
#include <gtest/gtest.h>

#include <algorithm>

#include "formatter/unified_diff.h"

namespace bfc::formatter {
namespace {

TEST(FmtDiff, EqualTextsGiveNothing) {
  EXPECT_EQ(unified_diff("a\nb\n", "a\nb\n", "x", "y"), "");
}

TEST(FmtDiff, OneChangedLineWithContext) {
  std::string a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  std::string b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
  EXPECT_EQ(unified_diff(a, b, "a/f.bf", "b/f.bf"),
            "--- a/f.bf\n+++ b/f.bf\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST(FmtDiff, DistantChangesMakeSeparateHunks) {
  std::string a, b;
  for (int i = 1; i <= 20; ++i) {
    a += std::to_string(i) + "\n";
    b += (i == 2 || i == 18 ? "x" : std::to_string(i)) + "\n";
  }
  EXPECT_EQ(unified_diff(a, b, "a", "b"),
            "--- a\n+++ b\n@@ -1,5 +1,5 @@\n 1\n-2\n+x\n 3\n 4\n 5\n@@ -15,6 +15,6 @@\n 15\n 16\n "
            "17\n-18\n+x\n 19\n 20\n");
}

TEST(FmtDiff, InsertionsDeletionsAndEmptySides) {
  EXPECT_EQ(unified_diff("", "a\n", "a", "b"), "--- a\n+++ b\n@@ -0,0 +1 @@\n+a\n");
  EXPECT_EQ(unified_diff("a\nb\n", "", "a", "b"), "--- a\n+++ b\n@@ -1,2 +0,0 @@\n-a\n-b\n");
  EXPECT_EQ(unified_diff("a\nc\n", "a\nb\nc\n", "a", "b"),
            "--- a\n+++ b\n@@ -1,2 +1,3 @@\n a\n+b\n c\n");
}

TEST(FmtDiff, MissingFinalNewline) {
  EXPECT_EQ(unified_diff("a\nb", "a\nb\n", "a", "b"),
            "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
}

TEST(FmtDiff, MatchesGnuDiffOnAFormattingChange) {
  std::string a = "task t {\n    a=1;\n  b = 2;\n  c = 3;\n}\ntask u { x = 1; }\n";
  std::string b = "task t {\n  a = 1;\n  b = 2;\n  c = 3;\n}\n\ntask u {\n  x = 1;\n}\n";
  EXPECT_EQ(
      unified_diff(a, b, "a", "b"),
      "--- a\n+++ b\n@@ -1,6 +1,9 @@\n task t {\n-    a=1;\n+  a = 1;\n   b = 2;\n   c = 3;\n }\n"
      "-task u { x = 1; }\n+\n+task u {\n+  x = 1;\n+}\n");
}

TEST(FmtDiff, VeryDifferentTextsFallBackToOneReplacement) {
  std::string a, b;
  for (int i = 0; i < 3000; ++i) {
    a += "a" + std::to_string(i) + "\n";
    b += "b" + std::to_string(i) + "\n";
  }
  std::string d = unified_diff("same\n" + a, "same\n" + b, "a", "b");
  EXPECT_EQ(d.rfind("--- a\n+++ b\n@@ -1,3001 +1,3001 @@\n same\n-a0\n", 0), 0u);
  EXPECT_EQ(std::count(d.begin(), d.end(), '\n'), 3 + 1 + 6000);
}

}  // namespace
}  // namespace bfc::formatter
