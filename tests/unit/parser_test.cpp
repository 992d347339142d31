// Parser and AST shapes: precedence, associativity, unary minus, offsets, ranges, calls,
// lists, strings, and what each declaration kind produces.
#include <gtest/gtest.h>

#include "test_util.h"

namespace bfc::test {
namespace {

TEST(ParserShapes, Precedence) {
  EXPECT_EQ(parse_expr("a + b & c"), "(+ a (& b c))");
  EXPECT_EQ(parse_expr("a & b + c"), "(+ (& a b) c)");
  EXPECT_EQ(parse_expr("a - b & c - d"), "(- (- a (& b c)) d)");
  EXPECT_EQ(parse_expr("(a + b) & c"), "(& (+ a b) c)");
  EXPECT_EQ(parse_expr("a * b + c % d"), "(+ (* a b) (% c d))");
  EXPECT_EQ(parse_expr("a * b & c"), "(& (* a b) c)");
  EXPECT_EQ(parse_expr("1 + 2 * 3"), "(+ 1 (* 2 3))");
}

TEST(ParserShapes, LeftAssociative) {
  EXPECT_EQ(parse_expr("a - b + c"), "(+ (- a b) c)");
  EXPECT_EQ(parse_expr("a - b - c"), "(- (- a b) c)");
  EXPECT_EQ(parse_expr("a / b / c"), "(/ (/ a b) c)");
  EXPECT_EQ(parse_expr("a & b & c"), "(& (& a b) c)");
}

TEST(ParserShapes, UnaryMinus) {
  EXPECT_EQ(parse_expr("-1d"), "(- 1d)");
  EXPECT_EQ(parse_expr("-a + b"), "(+ (- a) b)");
  EXPECT_EQ(parse_expr("- -1"), "(- (- 1))");
  EXPECT_EQ(parse_expr("a - -1h"), "(- a (- 1h))");
  EXPECT_EQ(parse_expr("-a * b"), "(* (- a) b)");
}

TEST(ParserShapes, IndexOffsets) {
  EXPECT_EQ(parse_expr("x[-1d]"), "(index x (- 1d))");
  EXPECT_EQ(parse_expr("x[1h]"), "(index x 1h)");
  EXPECT_EQ(parse_expr("[raw, dim[-1d]]"), "[raw (index dim (- 1d))]");
  EXPECT_EQ(parse_expr("x[-1d] + y"), "(+ (index x (- 1d)) y)");
  EXPECT_EQ(parse_expr("x[-1d][2]"), "(index (index x (- 1d)) 2)");
}

TEST(ParserShapes, Ranges) {
  EXPECT_EQ(parse_expr("2024-03-01..2024-03-31"), "(.. date:19783 date:19813)");
  EXPECT_EQ(parse_expr("22:00..06:00"), "(.. time:1320 time:360)");
  EXPECT_EQ(parse_expr("a..b + 1d"), "(.. a (+ b 1d))");
  EXPECT_EQ(parse_expr("2024-03-01T05:00..2024-03-01T06:00"),
            "(.. datetime:28487820 datetime:28487880)");
}

TEST(ParserShapes, Calls) {
  EXPECT_EQ(parse_expr("f()"), "(call f)");
  EXPECT_EQ(parse_expr("f(a)"), "(call f a)");
  EXPECT_EQ(parse_expr("f(a, b,)"), "(call f a b)");
  EXPECT_EQ(parse_expr("fmt(bizdate - 1d, \"%Y%m%d\")"), "(call fmt (- bizdate 1d) \"%Y%m%d\")");
  EXPECT_EQ(parse_expr("between(x, [y, z])"), "(call between x [y z])");
  // keywords stay usable as function names
  EXPECT_EQ(parse_expr("workspace(w1, w2) & task(x)"), "(& (call workspace w1 w2) (call task x))");
  EXPECT_EQ(parse_expr("downstream(r) & workspace(w1, w2) + [extra] - [skip]"),
            "(- (+ (& (call downstream r) (call workspace w1 w2)) [extra]) [skip])");
}

TEST(ParserShapes, Lists) {
  EXPECT_EQ(parse_expr("[]"), "[]");
  EXPECT_EQ(parse_expr("[1]"), "[1]");
  EXPECT_EQ(parse_expr("[1, 2,]"), "[1 2]");
  EXPECT_EQ(parse_expr("[[1], [2, 3], []]"), "[[1] [2 3] []]");
  EXPECT_EQ(parse_expr("[a + b, \"s\"]"), "[(+ a b) \"s\"]");
}

TEST(ParserShapes, LiteralsAndStrings) {
  EXPECT_EQ(parse_expr("true"), "true");
  EXPECT_EQ(parse_expr("false"), "false");
  EXPECT_EQ(parse_expr("1h30m"), "1h30m");
  EXPECT_EQ(parse_expr("00:30"), "time:30");
  EXPECT_EQ(parse_expr("\"a${b}c${d + 1}\""), "\"a${b}c${(+ d 1)}\"");
  EXPECT_EQ(parse_expr("\"${x}\""), "\"${x}\"");
  EXPECT_EQ(parse_expr("\"\""), "\"\"");
  EXPECT_EQ(parse_expr("\"${\"nested ${x}\"}\""), "\"${\"nested ${x}\"}\"");
}

TEST(ParserShapes, PropertyValueLists) {
  auto p = parse_source("backfill b { dates = 2024-03-01..2024-03-31, 2024-05-02; select = [a]; }");
  ASSERT_FALSE(p->diags.has_errors()) << p->rendered();
  const auto& m = p->file.decls[0].body.members;
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].name, "dates");
  ASSERT_EQ(m[0].values.size(), 2u);
  EXPECT_EQ(sexpr(*m[0].values[0]), "(.. date:19783 date:19813)");
  EXPECT_EQ(sexpr(*m[0].values[1]), "date:19845");
}

TEST(ParserShapes, Declarations) {
  auto p = parse_source(
      "import \"a.bf\";\nworkspace w { members = [\"x\"]; }\nparam d = 1;\n"
      "task t { cycle = daily; }\npolicy p { parallel = 1; limits { roots = 1; } }\n"
      "backfill b { use = p; }\n");
  ASSERT_FALSE(p->diags.has_errors()) << p->rendered();
  ASSERT_EQ(p->file.decls.size(), 6u);
  const ast::DeclKind kinds[] = {ast::DeclKind::Import, ast::DeclKind::Workspace,
                                 ast::DeclKind::Param,  ast::DeclKind::Task,
                                 ast::DeclKind::Policy, ast::DeclKind::Backfill};
  const char* names[] = {"", "w", "d", "t", "p", "b"};
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(p->file.decls[i].kind, kinds[i]);
    EXPECT_EQ(p->file.decls[i].name, names[i]);
  }
  EXPECT_EQ(std::string(ast::decl_keyword(ast::DeclKind::Backfill)), "backfill");
  const auto& policy = p->file.decls[4].body;
  ASSERT_NE(policy.find("limits"), nullptr);
  EXPECT_TRUE(policy.find("limits")->is_block());
  EXPECT_EQ(policy.find("nothing"), nullptr);
}

TEST(ParserShapes, KeywordsAsPropertyNames) {
  auto p = parse_source("task t { workspace = etl; task = 1; import = 2; }");
  ASSERT_FALSE(p->diags.has_errors()) << p->rendered();
  EXPECT_EQ(p->file.decls[0].body.members[1].name, "task");
}

TEST(ParserShapes, EmptyBlocks) {
  auto p = parse_source("task t {}\nworkspace w {}\nbackfill b { alert {} }");
  EXPECT_FALSE(p->diags.has_errors()) << p->rendered();
  EXPECT_EQ(p->file.decls.size(), 3u);
}

TEST(ParserShapes, SemicolonAfterABlockIsAnError) {
  auto p = parse_source("task u { };\ntask v {}");
  EXPECT_EQ(p->diag_lines(),
            (std::vector<std::string>{"E0001 1:11 unexpected `;`; expected end of file"}));
  ASSERT_EQ(p->file.decls.size(), 1u);
  EXPECT_EQ(p->file.decls[0].name, "v");
}

TEST(ParserShapes, InterpolatedParamAtTopLevel) {
  // A `}` closing `${` at the top level must not end the declaration.
  auto p = parse_source("param p = \"a${bizdate}b\";\ntask t { cycle = daily; }");
  EXPECT_FALSE(p->diags.has_errors()) << p->rendered();
  EXPECT_EQ(p->file.decls.size(), 2u);
}

TEST(ParserShapes, GoodDeclarationsSurviveABadOne) {
  auto p = parse_source("task a { cycle = ; }\ntask b { cycle = daily; }\ntsak c {}\ntask d {}");
  EXPECT_EQ(p->diags.error_count(), 2u);
  ASSERT_EQ(p->file.decls.size(), 2u);
  EXPECT_EQ(p->file.decls[0].name, "b");
  EXPECT_EQ(p->file.decls[1].name, "d");
}

TEST(ParserShapes, CommentsAreKeptInTheFile) {
  auto p = parse_source("# a\ntask t { # b\n}\n");
  ASSERT_EQ(p->file.comments.size(), 2u);
  EXPECT_TRUE(p->file.comments[0].own_line);
  EXPECT_FALSE(p->file.comments[1].own_line);
}

}  // namespace
}  // namespace bfc::test
