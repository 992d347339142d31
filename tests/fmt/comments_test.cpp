// Where comments go: before the node they precede, after the line they end, inside the
// block they close, at the end of the file; trailing comments aligned.
#include <gtest/gtest.h>

#include "fmt_test_util.h"

namespace bfc::fmttest {
namespace {

void expect_fmt(std::string_view src, std::string_view want) {
  Formatted f = format_text(src);
  ASSERT_TRUE(f.ok) << f.diagnostics;
  EXPECT_EQ(f.text, want);
  Formatted again = format_text(f.text);
  ASSERT_TRUE(again.ok) << again.diagnostics;
  EXPECT_EQ(again.text, f.text) << "not idempotent";
  EXPECT_EQ(comment_texts(f.text), comment_texts(src));
}

TEST(FmtComments, OwnLineCommentsBeforeTheirNodeAtItsIndentation) {
  expect_fmt(
      "# header\n\n  # about t\ntask t {\n      # about a\n  a = 1;\n// about b\n    b = 2;\n}\n",
      "# header\n\n# about t\ntask t {\n  # about a\n  a = 1;\n  // about b\n  b = 2;\n}\n");
}

TEST(FmtComments, TrailingCommentsStayOnTheirLineAligned) {
  expect_fmt(
      "task t {\n  a = 1;   # one\n  long_name = 2; # two\n  c = 3;\n  d = 4;      // four\n}\n",
      "task t {\n  a = 1;          # one\n  long_name = 2;  # two\n  c = 3;\n  d = 4;  // "
      "four\n}\n");
}

TEST(FmtComments, CommentsBeforeClosingBraceStayInside) {
  expect_fmt("task t {\n  a = 1;\n\n  # b = 2;\n}\ntask u {\n  # only a comment\n}\n",
             "task t {\n  a = 1;\n\n  # b = 2;\n}\n\ntask u {\n  # only a comment\n}\n");
}

TEST(FmtComments, CommentsAtEndOfFile) {
  expect_fmt("param x = 1;\n\n\n# the end\n/* really */\n",
             "param x = 1;\n\n# the end\n/* really */\n");
  expect_fmt("# only comments\n", "# only comments\n");
}

TEST(FmtComments, CommentAfterOpeningBraceStaysThere) {
  expect_fmt("policy gentle {   # reusable\n  parallel = 1;\n}\n",
             "policy gentle {  # reusable\n  parallel = 1;\n}\n");
}

TEST(FmtComments, TrailingCommentAfterDeclarationAndNestedBlock) {
  expect_fmt("task t {\n  limits { roots = 8; }   # guards\n}  # end of t\nparam p = 1; # p\n",
             "task t {\n  limits { roots = 8; }  # guards\n}  # end of t\n\nparam p = 1;  # p\n");
}

TEST(FmtComments, CommentInsideNestedBlockExpandsIt) {
  expect_fmt("backfill b { alert { on = failure; # when\n command = \"x\"; } }\n",
             "backfill b {\n  alert {\n    on = failure;  # when\n    command = \"x\";\n  }\n}\n");
}

TEST(FmtComments, CommentsInsideListBreakIt) {
  expect_fmt(
      "task t {\n  tags = [ # kinds\n    \"core\",   # main\n    # next one\n    \"ingest\"\n    # "
      "last\n  ];\n}\n",
      "task t {\n  tags = [  # kinds\n    \"core\",  # main\n    # next one\n    \"ingest\",\n    "
      "# last\n  ];\n}\n");
}

TEST(FmtComments, CommentsInsideExpressionsAreHoisted) {
  expect_fmt("task t {\n  after = fmt(x, # why\n    \"%Y\");\n  b = 1 + /* two */ 2;\n}\n",
             "task t {\n  # why\n  after = fmt(x, \"%Y\");\n  /* two */\n  b = 1 + 2;\n}\n");
  expect_fmt("param /* p */ x = (1 # one\n);\n", "/* p */\n# one\nparam x = 1;\n");
  expect_fmt("param x = (\"s\" # one   \r\n);\n", "# one\nparam x = \"s\";\n");
  expect_fmt("param x = ( // one  \n [a] /* two */ );\n", "// one\n/* two */\nparam x = [a];\n");
}

TEST(FmtComments, CommentsInsideStringInterpolationsStayVerbatim) {
  expect_fmt("task t { command = \"a ${ x /* c */ } b\"; }\n",
             "task t {\n  command = \"a ${ x /* c */ } b\";\n}\n");
}

TEST(FmtComments, MultiLineBlockComments) {
  expect_fmt("task t {\n      /* one\n   two */\n  a = 1; /* x\n y */\n}\n",
             "task t {\n  /* one\n   two */\n  a = 1;  /* x\n y */\n}\n");
}

TEST(FmtComments, SeveralCommentsOnOneLine) {
  expect_fmt("task t {\n  a = 1; /* x */ b = 2; # y\n}\n",
             "task t {\n  a = 1;  /* x */\n  b = 2;  # y\n}\n");
}

TEST(FmtComments, BlankLinesAroundCommentsKeptOnce) {
  expect_fmt("task t {\n  a = 1;\n\n\n  # b\n\n\n  b = 2;\n}\n",
             "task t {\n  a = 1;\n\n  # b\n\n  b = 2;\n}\n");
}

}  // namespace
}  // namespace bfc::fmttest
