// Lexer edge cases: every literal kind, validation of dates and times, escapes,
// interpolation, comments, BOM and line endings.
#include <gtest/gtest.h>

#include "test_util.h"

namespace bfc::test {
namespace {

using Kinds = std::vector<std::string>;
using Lines = std::vector<std::string>;

TEST(Lexer, KeywordsNamesAndPunctuation) {
  auto l = lex_source(
      "import workspace param task policy backfill true false tasks _x9 { } ( ) [ ] ; , = .. + - * "
      "/ % &");
  EXPECT_EQ(
      l->kinds(),
      (Kinds{"`import`", "`workspace`", "`param`", "`task`", "`policy`", "`backfill`", "`true`",
             "`false`",  "a name",      "a name",  "`{`",    "`}`",      "`(`",        "`)`",
             "`[`",      "`]`",         "`;`",     "`,`",    "`=`",      "`..`",       "`+`",
             "`-`",      "`*`",         "`/`",     "`%`",    "`&`"}));
  EXPECT_TRUE(l->diags.diagnostics().empty());
  EXPECT_EQ(l->text(8), "tasks");
}

TEST(Lexer, IntegerBooleanLiterals) {
  auto l = lex_source("0 42 1000000000000 true false");
  ASSERT_EQ(l->kinds(), (Kinds{"an integer", "an integer", "an integer", "`true`", "`false`"}));
  EXPECT_EQ(l->result.tokens[0].value, 0);
  EXPECT_EQ(l->result.tokens[1].value, 42);
  EXPECT_EQ(l->result.tokens[2].value, 1000000000000);
}

TEST(Lexer, DurationsInSeconds) {
  auto l = lex_source("30s 15m 2h 1d 1w 1h30m 1d12h 2w3d4h5m6s 0s");
  ASSERT_EQ(l->kinds(), Kinds(9, "a duration"));
  const int64_t expect[] = {30,     900,  7200,   86400,
                            604800, 5400, 129600, 2 * 604800 + 3 * 86400 + 4 * 3600 + 5 * 60 + 6,
                            0};
  for (size_t i = 0; i < 9; ++i) EXPECT_EQ(l->result.tokens[i].value, expect[i]) << l->text(i);
  EXPECT_EQ(l->text(5), "1h30m");
}

TEST(Lexer, NumberWithLettersIsOneBadLiteral) {
  auto l = lex_source("12x 30sec 1d2 5ms");
  EXPECT_EQ(
      l->diag_lines(),
      (Lines{
          "E0001 1:1 invalid literal `12x`; durations use the units s, m, h, d, w (as in `30s`)",
          "E0001 1:5 invalid literal `30sec`; durations use the units s, m, h, d, w (as in `30s`)",
          "E0001 1:11 invalid literal `1d2`; durations use the units s, m, h, d, w (as in `30s`)",
          "E0001 1:15 invalid literal `5ms`; durations use the units s, m, h, d, w (as in "
          "`30s`)"}));
  EXPECT_EQ(l->kinds(), Kinds(4, "an invalid token"));
}

TEST(Lexer, DatesTimesAndDateTimes) {
  auto l = lex_source("2024-03-01 2024-02-29 1970-01-01 00:30 23:59 00:00 2024-03-01T05:00");
  ASSERT_EQ(l->kinds(),
            (Kinds{"a date", "a date", "a date", "a time", "a time", "a time", "a date-time"}));
  EXPECT_EQ(l->result.tokens[0].value, 19783);
  EXPECT_EQ(l->result.tokens[1].value, 19782);
  EXPECT_EQ(l->result.tokens[2].value, 0);
  EXPECT_EQ(l->result.tokens[3].value, 30);
  EXPECT_EQ(l->result.tokens[4].value, 23 * 60 + 59);
  EXPECT_EQ(l->result.tokens[5].value, 0);
  EXPECT_EQ(l->result.tokens[6].value, 19783 * 1440 + 300);
  EXPECT_TRUE(l->diags.diagnostics().empty());
}

TEST(Lexer, ImpossibleDatesAndTimes) {
  auto l = lex_source(
      "2024-02-30 2023-02-29 2024-04-31 2024-13-01 2024-00-01 24:00 23:60 2024-03-01T24:00 "
      "2024-01-01T00:60");
  EXPECT_EQ(l->diag_lines(), (Lines{"E0009 1:1 `2024-02-30` is not a valid date",
                                    "E0009 1:12 `2023-02-29` is not a valid date",
                                    "E0009 1:23 `2024-04-31` is not a valid date",
                                    "E0009 1:34 `2024-13-01` is not a valid date",
                                    "E0009 1:45 `2024-00-01` is not a valid date",
                                    "E0009 1:56 `24:00` is not a valid time of day",
                                    "E0009 1:62 `23:60` is not a valid time of day",
                                    "E0009 1:79 `24:00` is not a valid time of day",
                                    "E0009 1:96 `00:60` is not a valid time of day"}));
  EXPECT_EQ(l->kinds(), Kinds(9, "an invalid token"));
}

TEST(Lexer, RangesOfDatesTimesAndIntegers) {
  auto l = lex_source("2024-03-01..2024-03-31 00:00..12:59 1..3");
  EXPECT_EQ(l->kinds(), (Kinds{"a date", "`..`", "a date", "a time", "`..`", "a time", "an integer",
                               "`..`", "an integer"}));
  EXPECT_TRUE(l->diags.diagnostics().empty());
}

TEST(Lexer, NumbersOutOfRange) {
  auto l =
      lex_source("1000000000001 123456789012345678901234567890 99999999999999999999d 5300w 5200w");
  EXPECT_EQ(l->diag_lines(),
            (Lines{"E0008 1:1 integer `1000000000001` is too large",
                   "E0008 1:15 integer `123456789012345678901234...` is too large",
                   "E0008 1:46 duration `99999999999999999999d` is too large (limit: 100 years)",
                   "E0008 1:68 duration `5300w` is too large (limit: 100 years)"}));
  EXPECT_EQ(l->kinds().back(), "a duration");  // 5200w = 99.7 years: allowed
}

TEST(Lexer, StringEscapes) {
  auto l = lex_source(R"("q\" b\\ n\n t\t r\r d\$")");
  ASSERT_EQ(l->kinds(), (Kinds{"a string", "string text", "`\"`"}));
  EXPECT_EQ(l->cooked(1), "q\" b\\ n\n t\t r\r d$");
  EXPECT_TRUE(l->diags.diagnostics().empty());
}

TEST(Lexer, UnknownEscapeIsLocated) {
  auto l = lex_source(R"(x = "a\qb\x";)");
  EXPECT_EQ(
      l->diag_lines(),
      (Lines{"E0010 1:7 unknown escape `\\q`; known escapes are \\n \\t \\r \\\\ \\\" \\$",
             "E0010 1:10 unknown escape `\\x`; known escapes are \\n \\t \\r \\\\ \\\" \\$"}));
}

TEST(Lexer, DollarDollarBraceIsLiteral) {
  auto l = lex_source(R"("echo $${HOME} $$ $x ${a}")");
  ASSERT_EQ(l->kinds(), (Kinds{"a string", "string text", "`${`", "a name", "`}`", "`\"`"}));
  EXPECT_EQ(l->cooked(1), "echo ${HOME} $$ $x ");
}

TEST(Lexer, Interpolation) {
  auto l = lex_source(R"("a${x}b${fmt(bizdate, "%Y")}")");
  EXPECT_EQ(l->kinds(), (Kinds{"a string", "string text", "`${`", "a name", "`}`", "string text",
                               "`${`", "a name", "`(`", "a name", "`,`", "a string", "string text",
                               "`\"`", "`)`", "`}`", "`\"`"}));
  EXPECT_EQ(l->cooked(1), "a");
  EXPECT_EQ(l->cooked(5), "b");
  EXPECT_EQ(l->cooked(12), "%Y");
}

TEST(Lexer, EmptyString) {
  auto l = lex_source(R"("")");
  EXPECT_EQ(l->kinds(), (Kinds{"a string", "`\"`"}));
}

TEST(Lexer, UnterminatedStringEndsAtLineEnd) {
  auto l = lex_source("x = \"abc\ny = 1;");
  EXPECT_EQ(l->diag_lines(),
            (Lines{"E0002 1:5 unterminated string; a `\"` is missing before the end of the line"}));
  // Lexing goes on with the next line.
  EXPECT_EQ(l->kinds(), (Kinds{"a name", "`=`", "a string", "an invalid token", "a name", "`=`",
                               "an integer", "`;`"}));
}

TEST(Lexer, CommentsOfAllThreeKinds) {
  auto l = lex_source("# one\nx = 1; // two\n  /* three\n */ y /* four */ = 2; # five");
  ASSERT_EQ(l->result.comments.size(), 5u);
  const char* texts[] = {"# one", "// two", "/* three\n */", "/* four */", "# five"};
  const bool own[] = {true, false, true, false, false};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(l->sm.text(l->result.comments[i].span), texts[i]);
    EXPECT_EQ(l->result.comments[i].own_line, own[i]) << texts[i];
  }
  EXPECT_EQ(l->kinds(),
            (Kinds{"a name", "`=`", "an integer", "`;`", "a name", "`=`", "an integer", "`;`"}));
}

TEST(Lexer, CommentMarkersInsideStringsAreText) {
  auto l = lex_source(R"("# not // a /* comment")");
  EXPECT_EQ(l->cooked(1), "# not // a /* comment");
  EXPECT_TRUE(l->result.comments.empty());
}

TEST(Lexer, CommentWithCrlfExcludesCarriageReturn) {
  auto l = lex_source("# c\r\nx");
  ASSERT_EQ(l->result.comments.size(), 1u);
  EXPECT_EQ(l->sm.text(l->result.comments[0].span), "# c");
}

TEST(Lexer, UnterminatedBlockCommentIsFatal) {
  auto l = lex_source("x = 1; /* open");
  EXPECT_EQ(l->diag_lines(), (Lines{"E0011 1:8 unterminated `/*` comment"}));
  EXPECT_TRUE(l->result.fatal);
}

TEST(Lexer, ByteOrderMarkIsSkipped) {
  auto l = lex_source("\xEF\xBB\xBFtask t");
  EXPECT_EQ(l->kinds(), (Kinds{"`task`", "a name"}));
  EXPECT_EQ(l->result.tokens[0].begin, 3u);
  EXPECT_TRUE(l->diags.diagnostics().empty());
}

TEST(Lexer, ByteOrderMarkElsewhereIsAnError) {
  auto l = lex_source("task \xEF\xBB\xBFt");
  EXPECT_EQ(l->diag_lines(), (Lines{"E0004 1:6 unexpected character `\xEF\xBB\xBF`"}));
}

TEST(Lexer, InvalidUtf8IsFatalAndLocated) {
  auto l = lex_source("x = 1;\ny = \"\xC3\x28\";");
  EXPECT_EQ(l->diag_lines(),
            (Lines{"E0005 2:6 invalid UTF-8 byte sequence; .bf files must be UTF-8"}));
  EXPECT_TRUE(l->result.fatal);
  EXPECT_TRUE(l->kinds().empty());
}

TEST(Lexer, ControlCharactersAndNul) {
  auto l = lex_source(std::string("x \x01 \x7F ", 6) + std::string(1, '\0') + "y");
  EXPECT_EQ(l->diag_lines(), (Lines{"E0004 1:3 unexpected character `\\x01`",
                                    "E0004 1:5 unexpected character `\\x7F`",
                                    "E0004 1:7 unexpected character `\\x00`"}));
  EXPECT_EQ(l->kinds(), (Kinds{"a name", "an invalid token", "an invalid token", "an invalid token",
                               "a name"}));
}

TEST(Lexer, SingleDotSuggestsRange) {
  auto l = lex_source("1.5");
  EXPECT_EQ(l->diag_lines(), (Lines{"E0004 1:2 unexpected `.`; ranges are written `a..b`"}));
}

TEST(Lexer, OperatorLimitPerStatement) {
  LexLimits limits;
  limits.max_operators = 3;
  auto ok = lex_source("a = 1 + 2 + 3 + 4; b = 1 + 2 + 3 + 4;", limits);
  EXPECT_TRUE(ok->diags.diagnostics().empty());  // the count restarts at each `;`
  auto bad = lex_source("a = 1 + 2 - 3 * 4 / 5;", limits);
  EXPECT_EQ(bad->diag_lines(),
            (Lines{"E0006 1:19 more than 3 operators in one statement; split it up"}));
  EXPECT_TRUE(bad->result.fatal);
}

TEST(Lexer, NestingLimitCountsEveryBracketKind) {
  LexLimits limits;
  limits.max_nesting = 4;
  EXPECT_TRUE(lex_source("{ ( [ \"${x}\" ] ) }", limits)->diags.diagnostics().empty());
  auto bad = lex_source("{ ( [ \"${ (x) }\" ] ) }", limits);
  EXPECT_EQ(bad->diag_lines(),
            (Lines{"E0006 1:11 nesting deeper than 4 levels; simplify the expression"}));
}

TEST(Lexer, SizeLimit) {
  LexLimits limits;
  limits.max_bytes = 10;
  auto l = lex_source("task t { }", limits);
  EXPECT_TRUE(l->diags.diagnostics().empty());
  auto big = lex_source("task t { } ", limits);
  EXPECT_EQ(big->diag_lines(), (Lines{"E0007 1:1 file is 11 bytes; the limit is 10 bytes"}));
  EXPECT_TRUE(big->result.fatal);
}

}  // namespace
}  // namespace bfc::test
