// The canonical layout, one construct at a time: inline source -> exact expected text.
#include <gtest/gtest.h>

#include "fmt_test_util.h"

namespace bfc::fmttest {
namespace {

// Formats `src`, expects `want`, and expects `want` to be a fixed point.
void expect_fmt(std::string_view src, std::string_view want) {
  Formatted f = format_text(src);
  ASSERT_TRUE(f.ok) << f.diagnostics;
  EXPECT_EQ(f.text, want);
  Formatted again = format_text(f.text);
  ASSERT_TRUE(again.ok) << again.diagnostics;
  EXPECT_EQ(again.text, f.text) << "not idempotent";
}

TEST(FmtLayout, PropertiesOnePerLineTwoSpaceIndent) {
  expect_fmt(
      "task t{workspace=etl;cycle=daily;  retries=2;retry_delay=30s;}",
      "task t {\n  workspace = etl;\n  cycle = daily;\n  retries = 2;\n  retry_delay = 30s;\n}\n");
}

TEST(FmtLayout, BlankLineBetweenDeclarations) {
  expect_fmt(
      "workspace a { members = [\"x\"]; }\ntask t { workspace = a; }\npolicy p {}\n",
      "workspace a {\n  members = [\"x\"];\n}\n\ntask t {\n  workspace = a;\n}\n\npolicy p {}\n");
}

TEST(FmtLayout, ImportsAndParamsStayGroupedBlankLinesKept) {
  expect_fmt(
      "import \"a.bf\";\nimport \"b.bf\";\n\n\n\nparam x = 1;\nparam y = 2;\n\n\nparam z = 3;\n",
      "import \"a.bf\";\nimport \"b.bf\";\n\nparam x = 1;\nparam y = 2;\n\nparam z = 3;\n");
}

TEST(FmtLayout, AtMostOneBlankLineBetweenMembersNoneAtEdges) {
  expect_fmt("task t {\n\n\n  a = 1;\n\n\n\n  b = 2;\n  c = 3;\n\n}\n",
             "task t {\n  a = 1;\n\n  b = 2;\n  c = 3;\n}\n");
}

TEST(FmtLayout, CommaValuesAndLists) {
  expect_fmt(
      "backfill b { dates = 2024-03-01 .. 2024-03-31 ,2024-05-02; exclude=[ a,b , c ,]; }",
      "backfill b {\n  dates = 2024-03-01..2024-03-31, 2024-05-02;\n  exclude = [a, b, c];\n}\n");
}

TEST(FmtLayout, OperatorsSpacedRangesAndUnaryTight) {
  expect_fmt(
      "backfill b { select = downstream(x)-[a]&workspace(w1,w2)+[e]; hours = 00:00 .. 12:59; }\n"
      "task t { after = [d [ - 1d ]]; }\nparam p = fmt( bizdate-1d ,\"%Y\" );\n",
      "backfill b {\n  select = downstream(x) - [a] & workspace(w1, w2) + [e];\n  hours = "
      "00:00..12:59;\n}\n\n"
      "task t {\n  after = [d[-1d]];\n}\n\nparam p = fmt(bizdate - 1d, \"%Y\");\n");
}

TEST(FmtLayout, MinimalParentheses) {
  expect_fmt(
      "param a = (x + y) - (z);\n"  // left-assoc: parens redundant on the left
      "param b = x - (y - z);\n"    // needed on the right
      "param c = (x + y) & z;\n"    // & binds tighter than +
      "param d = x + (y & z);\n"    // redundant
      "param e = -(x + y);\n"
      "param f = (-x)[1d];\n"
      "param g = -(x[1d]);\n"
      "param h = ((a..b))..c;\n"
      "param i = a..(b..c);\n"
      "param j = (a * b) % (c / d);\n"
      "param k = ((\"s\"));\n"
      "param l = - - 1d;\n",
      "param a = x + y - z;\n"
      "param b = x - (y - z);\n"
      "param c = (x + y) & z;\n"
      "param d = x + y & z;\n"
      "param e = -(x + y);\n"
      "param f = (-x)[1d];\n"
      "param g = -x[1d];\n"
      "param h = a..b..c;\n"
      "param i = a..(b..c);\n"
      "param j = a * b % (c / d);\n"
      "param k = \"s\";\n"
      "param l = --1d;\n");
}

TEST(FmtLayout, LiteralsAndStringsFromSource) {
  expect_fmt(
      "task t { a = 1h30m; b = 2024-03-01T05:00; c = 07:05; d = 007; "
      "e = \"tab\\t q\\\" $${HOME} ${ fmt( bizdate , \"%Y\" ) }\"; f = true; }",
      "task t {\n  a = 1h30m;\n  b = 2024-03-01T05:00;\n  c = 07:05;\n  d = 007;\n"
      "  e = \"tab\\t q\\\" $${HOME} ${ fmt( bizdate , \"%Y\" ) }\";\n  f = true;\n}\n");
}

TEST(FmtLayout, HeredocKeptVerbatim) {
  std::string body = "<<SQL  \n      SELECT 1  \n\t  FROM x -- ${dt} $${y}\n\n   SQL";
  expect_fmt("task t {\n        command = " + body + " ;\n    cycle=daily;}\n",
             "task t {\n  command = " + body + ";\n  cycle = daily;\n}\n");
}

TEST(FmtLayout, HeredocInsideListBreaksIt) {
  expect_fmt("task t { command = [\"sh\", <<A\n  echo\n  A, \"x\"]; }\n",
             "task t {\n  command = [\n    \"sh\",\n    <<A\n  echo\n  A,\n    \"x\",\n  ];\n}\n");
}

TEST(FmtLayout, NestedBlocksOneLineWhenShort) {
  expect_fmt(
      "backfill b {\n  alert {\n    on = failure;\n    command = \"notify\";\n  }\n  limits "
      "{}\n}\n",
      "backfill b {\n  alert { on = failure; command = \"notify\"; }\n  limits {}\n}\n");
}

TEST(FmtLayout, NestedBlocksExpandedWhenLong) {
  std::string cmd = "\"" + std::string(80, 'x') + "\"";
  expect_fmt("backfill b { alert { on = failure; command = " + cmd + "; } }",
             "backfill b {\n  alert {\n    on = failure;\n    command = " + cmd + ";\n  }\n}\n");
}

TEST(FmtLayout, LongListsBreakOneItemPerLine) {
  std::string items;
  std::string want;
  for (int i = 0; i < 12; ++i) {
    items += (i ? ", " : "") + std::string("task_number_") + std::to_string(i);
    want += "    task_number_" + std::to_string(i) + ",\n";
  }
  expect_fmt("backfill b { exclude = [" + items + "]; }",
             "backfill b {\n  exclude = [\n" + want + "  ];\n}\n");
}

TEST(FmtLayout, LongListInsideExpressionBreaks) {
  std::string items, want;
  for (int i = 0; i < 10; ++i) {
    items += (i ? ", " : "") + std::string("skipped_") + std::to_string(i);
    want += "    skipped_" + std::to_string(i) + ",\n";
  }
  expect_fmt("backfill b { select = downstream(root) - [" + items + "]; }",
             "backfill b {\n  select = downstream(root) - [\n" + want + "  ];\n}\n");
}

TEST(FmtLayout, EmptyInputsAndEmptyLists) {
  expect_fmt("", "");
  expect_fmt("  \n\n", "");
  expect_fmt("task t { tags = []; }", "task t {\n  tags = [];\n}\n");
}

TEST(FmtLayout, KeywordsAsNames) {
  expect_fmt(
      "task t { workspace = etl; } backfill b { select = workspace(etl) + task(x); }",
      "task t {\n  workspace = etl;\n}\n\nbackfill b {\n  select = workspace(etl) + task(x);\n}\n");
}

TEST(FmtLayout, RefusesFilesThatDoNotParse) {
  Formatted f = format_text("task t { cycle = daily }\n");
  EXPECT_FALSE(f.ok);
  EXPECT_NE(f.diagnostics.find("error["), std::string::npos) << f.diagnostics;
  EXPECT_FALSE(format_text("task t { command = \"unterminated; }\n").ok);
  EXPECT_FALSE(format_text("task t { at = 2024-02-30; }\n").ok);
}

}  // namespace
}  // namespace bfc::fmttest
