// Heredocs: indentation stripping (blank lines, tabs), interpolation, the closing tag.
#include <gtest/gtest.h>

#include "test_util.h"

namespace bfc::test {
namespace {

using Kinds = std::vector<std::string>;
using Lines = std::vector<std::string>;

// The value of `param p = <heredoc>;` as an s-expression.
std::string heredoc_value(const std::string& src) {
  auto p = parse_source(src);
  if (p->diags.has_errors()) return "error: " + p->diag_lines().front();
  return sexpr(*p->file.decls.at(0).value);
}

TEST(Heredoc, CommonIndentationIsStripped) {
  EXPECT_EQ(heredoc_value("param p = <<SQL\n"
                          "    SELECT a\n"
                          "      FROM t\n"
                          "    WHERE x\n"
                          "  SQL;\n"),
            "<<\"SELECT a\n  FROM t\nWHERE x\"");
}

TEST(Heredoc, BlankLinesDoNotCountForIndentation) {
  EXPECT_EQ(heredoc_value("param p = <<SQL\n"
                          "    a\n"
                          "\n"
                          "  \n"
                          "    b\n"
                          "SQL;\n"),
            "<<\"a\n\n\nb\"");
}

TEST(Heredoc, TabsAreStrippedLikeSpaces) {
  EXPECT_EQ(heredoc_value("param p = <<SH\n"
                          "\t\techo a\n"
                          "\t\t\techo b\n"
                          "\tSH;\n"),
            "<<\"echo a\n\techo b\"");
}

TEST(Heredoc, IndentationIsCountedInBytesAcrossTabsAndSpaces) {
  // One tab and four spaces are one and four bytes of indentation: one byte is stripped.
  EXPECT_EQ(heredoc_value("param p = <<SH\n"
                          "\techo a\n"
                          "    echo b\n"
                          "SH;\n"),
            "<<\"echo a\n   echo b\"");
}

TEST(Heredoc, Interpolation) {
  EXPECT_EQ(heredoc_value("param p = <<SQL\n"
                          "  WHERE dt = '${dt}' AND h = ${fmt(interval_start, \"%H\")}\n"
                          "  LIMIT ${n}\n"
                          "SQL;\n"),
            "<<\"WHERE dt = '${dt}' AND h = ${(call fmt interval_start \"%H\")}\nLIMIT ${n}\"");
}

TEST(Heredoc, DollarDollarBraceIsLiteral) {
  EXPECT_EQ(heredoc_value("param p = <<SH\n  echo $${HOME} $PATH\nSH;\n"),
            "<<\"echo ${HOME} $PATH\"");
}

TEST(Heredoc, NoEscapesInsideHeredocs) {
  EXPECT_EQ(heredoc_value("param p = <<SH\n  printf 'a\\tb\\n' \"q\"\nSH;\n"),
            "<<\"printf 'a\\tb\\n' \"q\"\"");
}

TEST(Heredoc, Empty) {
  auto l = lex_source("<<X\nX");
  EXPECT_EQ(l->kinds(), (Kinds{"a heredoc", "the heredoc's end tag"}));
  EXPECT_EQ(heredoc_value("param p = <<X\nX;"), "<<\"\"");
}

TEST(Heredoc, CrlfLineEndings) {
  EXPECT_EQ(heredoc_value("param p = <<SQL\r\n  a\r\n  b\r\nSQL;\r\n"), "<<\"a\nb\"");
}

TEST(Heredoc, TagMayBeIndentedAndFollowedByPunctuation) {
  auto p = parse_source("task t {\n  command = <<SQL\n    SELECT 1\n    SQL, \"x\";\n}\n");
  EXPECT_FALSE(p->diags.has_errors()) << p->rendered();
  ASSERT_EQ(p->file.decls.at(0).body.members.at(0).values.size(), 2u);
}

TEST(Heredoc, LongerWordStartingWithTagDoesNotEndIt) {
  EXPECT_EQ(heredoc_value("param p = <<SQL\n  SQL_MODE=1\n  SQLX\nSQL;\n"),
            "<<\"SQL_MODE=1\nSQLX\"");
}

TEST(Heredoc, LineStartingWithTagWordIsText) {
  EXPECT_EQ(heredoc_value("param p = <<SQL\n  SQL statements follow\n  SQL = 1\nSQL;\n"),
            "<<\"SQL statements follow\nSQL = 1\"");
}

TEST(Heredoc, ClosingLineMayEndWithAComment) {
  EXPECT_EQ(heredoc_value("param p = <<SQL\n  x\n  SQL  # done\n;\n"), "<<\"x\"");
  EXPECT_EQ(heredoc_value("param p = <<SQL\n  x\n  SQL\t\n;\n"), "<<\"x\"");
}

TEST(Heredoc, Spans) {
  auto l = lex_source("x = <<SQL\n  a ${b}\nSQL;");
  ASSERT_EQ(l->kinds(), (Kinds{"a name", "`=`", "a heredoc", "string text", "`${`", "a name", "`}`",
                               "the heredoc's end tag", "`;`"}));
  EXPECT_EQ(l->text(2), "<<SQL");
  EXPECT_EQ(l->text(5), "b");
  EXPECT_EQ(l->text(7), "SQL");
  EXPECT_EQ(l->cooked(3), "a ");
}

TEST(Heredoc, Errors) {
  EXPECT_EQ(lex_source("x = <<SQL\n  a\n")->diag_lines(),
            (Lines{"E0003 1:5 unterminated heredoc: no line ends it with `SQL`"}));
  EXPECT_EQ(lex_source("x = <<SQL")->diag_lines(),
            (Lines{"E0003 1:5 unterminated heredoc: no line ends it with `SQL`"}));
  EXPECT_EQ(lex_source("x = << SQL\nSQL")->diag_lines(),
            (Lines{"E0003 1:5 a heredoc needs a tag name after `<<`, as in `<<SQL`"}));
  EXPECT_EQ(lex_source("x = <<1\n1")->diag_lines(),
            (Lines{"E0003 1:5 a heredoc needs a tag name after `<<`, as in `<<SQL`"}));
  EXPECT_EQ(
      lex_source("x = <<SQL;\nSQL")->diag_lines(),
      (Lines{
          "E0003 1:10 nothing may follow `<<SQL` on its line; the text starts on the next line"}));
  EXPECT_EQ(lex_source("x = <<SQL\n  ${a\n  }\nSQL;")->diag_lines(),
            (Lines{"E0003 2:3 `${` in a heredoc must be closed by `}` on the same line"}));
}

}  // namespace
}  // namespace bfc::test
