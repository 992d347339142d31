// Syntax errors in plain words, rendered exactly as `bfc check` prints them.
#include <gtest/gtest.h>

#include "sema/properties.h"
#include "test_util.h"

namespace bfc::test {
namespace {

std::string errors(const std::string& src) {
  return parse_source(src)->rendered();
}

TEST(SyntaxErrors, MissingSemicolonPointsAfterThePreviousToken) {
  EXPECT_EQ(errors("task t {\n  cycle = daily\n  at = 00:30;\n}\n"),
            "t.bf:2:16: error[E0001]: expected `;` after property `cycle`, found `at`\n"
            "    2 |   cycle = daily\n"
            "      |                ^\n");
}

TEST(SyntaxErrors, MissingSemicolonAfterParamAndImport) {
  EXPECT_EQ(errors("param dt = 1\ntask t {}"),
            "t.bf:1:13: error[E0001]: expected `;` after param `dt`, found `task`\n"
            "    1 | param dt = 1\n"
            "      |             ^\n");
  EXPECT_EQ(errors("import \"a.bf\"\nparam x = 1;"),
            "t.bf:1:14: error[E0001]: expected `;` after the import path, found `param`\n"
            "    1 | import \"a.bf\"\n"
            "      |              ^\n");
}

TEST(SyntaxErrors, MissingEquals) {
  EXPECT_EQ(errors("task t { cycle daily; }"),
            "t.bf:1:15: error[E0001]: expected `=` or `{` after `cycle`, found `daily`\n"
            "    1 | task t { cycle daily; }\n"
            "      |               ^\n");
}

TEST(SyntaxErrors, MissingValue) {
  EXPECT_EQ(errors("task t { retries = ; }"),
            "t.bf:1:20: error[E0001]: expected a value, found `;`\n"
            "    1 | task t { retries = ; }\n"
            "      |                    ^\n");
}

TEST(SyntaxErrors, UnclosedBlockHasANoteAtTheBrace) {
  EXPECT_EQ(errors("task t {\n  cycle = daily;\n"),
            "t.bf:2:17: error[E0001]: expected `}` before the end of the file\n"
            "    2 |   cycle = daily;\n"
            "      |                 ^\n"
            "t.bf:1:8: note: to close this `{`\n"
            "    1 | task t {\n"
            "      |        ^\n");
}

TEST(SyntaxErrors, MisspelledDeclarationKeyword) {
  EXPECT_EQ(errors("tsak t {}"),
            "t.bf:1:1: error[E0012]: unknown declaration `tsak`\n"
            "    1 | tsak t {}\n"
            "      | ^~~~\n"
            "note: did you mean `task`?\n");
  EXPECT_EQ(errors("backfil b {}"),
            "t.bf:1:1: error[E0012]: unknown declaration `backfil`\n"
            "    1 | backfil b {}\n"
            "      | ^~~~~~~\n"
            "note: did you mean `backfill`?\n");
  EXPECT_EQ(
      errors("dag d {}"),
      "t.bf:1:1: error[E0012]: unknown declaration `dag`\n"
      "    1 | dag d {}\n"
      "      | ^~~\n"
      "note: a file holds import, param, workspace, task, policy and backfill declarations\n");
}

TEST(SyntaxErrors, StrayTokenAtTopLevel) {
  EXPECT_EQ(
      errors("42"),
      "t.bf:1:1: error[E0001]: expected a declaration (import, param, workspace, task, policy or "
      "backfill), found `42`\n"
      "    1 | 42\n"
      "      | ^~\n");
}

TEST(SyntaxErrors, UnclosedParenthesis) {
  EXPECT_EQ(errors("param p = (a + b;"),
            "t.bf:1:17: error[E0001]: unexpected `;`; expected `)`\n"
            "    1 | param p = (a + b;\n"
            "      |                 ^\n");
}

TEST(SyntaxErrors, OneErrorPerDeclaration) {
  auto p = parse_source("task a { x = ; y = ; }\ntask b { z = ; }\n");
  EXPECT_EQ(p->diag_lines(), (std::vector<std::string>{"E0001 1:14 expected a value, found `;`",
                                                       "E0001 2:14 expected a value, found `;`"}));
}

TEST(SyntaxErrors, LexicalErrorsSuppressTheSyntaxErrorOfTheirDeclaration) {
  auto p = parse_source("task a { x = 1 @ 2; }\n");
  EXPECT_EQ(p->diag_lines(), (std::vector<std::string>{"E0004 1:16 unexpected character `@`"}));
}

TEST(SyntaxErrors, LongLinesAreNotEchoed) {
  std::string src = "param p = " + std::string(500, 'a') + " b;";
  EXPECT_EQ(errors(src), "t.bf:1:511: error[E0001]: expected `;` after param `p`, found `b`\n");
}

TEST(SyntaxErrors, ControlCharactersInTheEchoedLineAreMasked) {
  EXPECT_EQ(errors(std::string("task t {\x01}", 10)),
            "t.bf:1:9: error[E0004]: unexpected character `\\x01`\n"
            "    1 | task t {?}\n"
            "      |         ^\n");
}

TEST(PropertyErrors, DidYouMean) {
  auto p = parse_source("task t { comand = \"x\"; }\nbackfill b { alrt { on = failure; } }");
  check_properties(p->file, p->diags);
  EXPECT_EQ(p->rendered(),
            "t.bf:1:10: error[E0201]: unknown property `comand` in task `t`\n"
            "    1 | task t { comand = \"x\"; }\n"
            "      |          ^~~~~~\n"
            "note: did you mean `command`?\n"
            "t.bf:2:14: error[E0203]: backfill `b` has no `alrt` block\n"
            "    2 | backfill b { alrt { on = failure; } }\n"
            "      |              ^~~~\n"
            "note: did you mean `alert`?\n");
}

TEST(DidYouMean, EditDistanceAndClosestMatch) {
  EXPECT_EQ(edit_distance("task", "task"), 0u);
  EXPECT_EQ(edit_distance("tsak", "task"), 1u);  // transposition
  EXPECT_EQ(edit_distance("cycel", "cycle"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  std::vector<std::string> c = {"cycle", "command", "after"};
  EXPECT_EQ(closest_match("comand", c), "command");
  EXPECT_EQ(closest_match("cycl", c), "cycle");
  EXPECT_EQ(closest_match("zzzzzz", c), "");
  EXPECT_EQ(closest_match("cycle", c), "");  // an exact name is not a suggestion
}

}  // namespace
}  // namespace bfc::test
